#!/usr/bin/env node
// Figures for the foundation: start-up time against `node -e 0`, and local control plane
// create / list / delete times. Usage: npm run build && node bench/foundation.mjs [--runs N]
// Prints a table to stderr and JSON to stdout (also written to bench/results/foundation.json).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, median } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;

const stateDir = mkdtempSync(join(tmpdir(), 'memctl-bench-'));
const env = {
  PATH: process.env.PATH,
  HOME: stateDir,
  MEMCTL_LOCAL_DIR: join(stateDir, 'local'),
  MEMCTL_LOCAL_PORT: String(await freePort()),
  AWS_EC2_METADATA_DISABLED: 'true',
};

function timed(command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 120_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const round = (x) => Math.round(x * 10) / 10;

// Start-up: interleave the three commands so machine noise hits them alike.
const samples = { node: [], version: [], help: [] };
for (let i = 0; i < RUNS; i++) {
  samples.node.push(timed(process.execPath, ['-e', '0']).ms);
  samples.version.push(timed(process.execPath, [bin, '--version']).ms);
  samples.help.push(timed(process.execPath, [bin, '--help']).ms);
}
const nodeMs = median(samples.node);
const versionMs = median(samples.version);
const helpMs = median(samples.help);

// Local control plane: cold start (the first --local command starts it), then create/list/delete rounds.
const memctl = (...args) => timed(process.execPath, [bin, ...args]);
const cold = memctl('--local', '-q', 'list', '-o', 'json');
const rounds = [];
for (let i = 0; i < 3; i++) {
  const create = memctl('--local', '-q', 'create', 'demo', '--shards', '3', '--replicas', '1', '--wait', '-o', 'json');
  const status = JSON.parse(create.stdout).status;
  if (status !== 'available') throw new Error(`create ended with status ${status}`);
  const lists = [];
  for (let j = 0; j < 11; j++) lists.push(memctl('--local', 'list', '-o', 'json').ms);
  const del = memctl('--local', '-q', 'delete', 'demo', '--yes', '--wait', '-o', 'json');
  rounds.push({ createMs: create.ms, listMs: median(lists), deleteMs: del.ms });
}
memctl('local', 'down', '-q');
rmSync(stateDir, { recursive: true, force: true });

const createMs = median(rounds.map((r) => r.createMs));
const deleteMs = median(rounds.map((r) => r.deleteMs));
const listMs = median(rounds.map((r) => r.listMs));
const results = {
  when: new Date().toISOString(),
  node: process.version,
  runs: RUNS,
  startup: {
    nodeEmptyMs: round(nodeMs),
    versionMs: round(versionMs),
    helpMs: round(helpMs),
    versionRatio: Number((versionMs / nodeMs).toFixed(2)),
    helpRatio: Number((helpMs / nodeMs).toFixed(2)),
    target: 'version and help median <= 1.5x node -e 0',
  },
  local: {
    coldStartListMs: round(cold.ms),
    rounds: rounds.map((r) => ({ createMs: round(r.createMs), listMs: round(r.listMs), deleteMs: round(r.deleteMs) })),
    createMedianMs: round(createMs),
    deleteMedianMs: round(deleteMs),
    listMedianMs: round(listMs),
    listToVersionRatio: Number((listMs / versionMs).toFixed(2)),
    targets: 'create 3x1 --wait <= 5000 ms; delete --wait <= 3000 ms; list -o json <= 2x --version',
  },
};

const pass = (ok) => (ok ? 'ok' : 'MISSED');
const lines = [
  `node -e 0            ${nodeMs.toFixed(1)} ms (median of ${RUNS})`,
  `memctl --version     ${versionMs.toFixed(1)} ms  ${results.startup.versionRatio}x  ${pass(versionMs <= 1.5 * nodeMs)}`,
  `memctl --help        ${helpMs.toFixed(1)} ms  ${results.startup.helpRatio}x  ${pass(helpMs <= 1.5 * nodeMs)}`,
  `--local list (cold)  ${cold.ms.toFixed(0)} ms (starts the local control plane)`,
  `create 3x1 --wait    ${rounds.map((r) => r.createMs.toFixed(0)).join(' / ')} ms  ${pass(createMs <= 5000)}`,
  `delete --wait        ${rounds.map((r) => r.deleteMs.toFixed(0)).join(' / ')} ms  ${pass(deleteMs <= 3000)}`,
  `list -o json         ${listMs.toFixed(1)} ms  ${results.local.listToVersionRatio}x --version  ${pass(listMs <= 2 * versionMs)}`,
];
process.stderr.write(`${lines.join('\n')}\n`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'foundation.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
