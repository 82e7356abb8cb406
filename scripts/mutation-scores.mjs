// The mutation score of each module group and file, from the report `npm run test:mutation`
// writes (reports/mutation/mutation.json, the mutation-testing-elements schema):
//   node scripts/mutation-scores.mjs [report.json] [--survivors] [--markdown]
// Score = detected / (detected + undetected): killed and timed-out mutants are detected, survived
// and uncovered ones are not; mutants that could not run (compile or runtime errors) do not count.
import { readFileSync } from 'node:fs';

const GROUPS = [
  ['key slots', (f) => f === 'src/lib/control/slots.ts' || f === 'src/lib/redis/slot.ts'],
  ['control', (f) => f.startsWith('src/lib/control/')],
  ['io', (f) => f.startsWith('src/lib/io/')],
  ['bench histogram', (f) => f === 'src/lib/redis/bench/histogram.ts'],
  ['protocol codecs', (f) => /^src\/lib\/local\/http\/.*protocols?\.ts$/.test(f) || f === 'src/lib/redis/bench/resp.ts'],
  ['pagination', (f) => f === 'src/lib/local/api/shared/pagination.ts'],
];

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const tally = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 });
const FIELD = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage' };
const add = (t, status) => t[FIELD[status] ?? 'other']++;
const score = (t) => {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  return valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(2)}%`;
};
const row = (name, t) => `${name.padEnd(48)} ${score(t).padStart(8)}  killed ${t.killed}, timeout ${t.timeout}, survived ${t.survived}, no coverage ${t.noCoverage}${t.other > 0 ? `, not run ${t.other}` : ''}`;

const groups = new Map(GROUPS.map(([name]) => [name, { total: tally(), files: new Map() }]));
const survivors = [];
for (const [path, entry] of Object.entries(report.files)) {
  const rel = path.replace(/^.*?(src\/)/, '$1');
  const group = GROUPS.find(([, test]) => test(rel))?.[0];
  if (group === undefined) throw new Error(`${rel} belongs to no group: add it to GROUPS`);
  const g = groups.get(group);
  const t = g.files.get(rel) ?? tally();
  for (const mutant of entry.mutants) {
    add(t, mutant.status);
    add(g.total, mutant.status);
    if (UNDETECTED.has(mutant.status)) survivors.push({ rel, mutant });
  }
  g.files.set(rel, t);
}
const cells = (t) => [score(t), t.killed, t.timeout, t.survived, t.noCoverage].join(' | ');
if (args.includes('--markdown')) {
  console.log('| group / file | score | killed | timed out | survived | no coverage |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, g] of groups) {
    console.log(`| **${name}** | ${cells(g.total)} |`);
    for (const [rel, t] of [...g.files].sort()) console.log(`| \`${rel.replace(/^src\/lib\//, '')}\` | ${cells(t)} |`);
  }
} else {
  for (const [name, g] of groups) {
    console.log(row(name, g.total));
    for (const [rel, t] of [...g.files].sort()) console.log(row(`  ${rel}`, t));
  }
}
if (args.includes('--survivors')) {
  for (const { rel, mutant } of survivors) {
    const { line, column } = mutant.location.start;
    console.log(`${rel}:${line}:${column} ${mutant.status} ${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '')}`);
  }
}
