#!/usr/bin/env node
// Figures for users and password rotation:
//  1. invalid access strings, user names and passwords: each rejected by bin/memctl with exit 2
//     and no API call (a counting HTTP server stands in for AWS);
//  2. a zero-downtime rotation on a local 2x1 cluster while a client AUTHs against every node every
//     10 ms with the old and with the new password: failures of the old one before phase two
//     starts, failures of the new one after phase one returns (both must be 0).
// Usage: npm run build && node bench/users.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const work = mkdtempSync(join(tmpdir(), 'memctl-bench-users-'));
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

// ---- 1. invalid input, no API call ----------------------------------------------------------
let apiCalls = 0;
const fake = createServer((req, res) => {
  apiCalls++;
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end('{}');
  });
});
await new Promise((r) => fake.listen(0, '127.0.0.1', r));
const fakeUrl = `http://127.0.0.1:${fake.address().port}`;
const baseEnv = { PATH: process.env.PATH, HOME: work, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_EC2_METADATA_DISABLED: 'true' };
const good = 'Good-Password-1234567';
const cases = [
  // access strings
  ...['on >inline-password +@all', 'on <inline-password', 'on #' + 'a'.repeat(64), 'on !' + 'a'.repeat(64), 'on nopass ~*', 'on resetpass', 'reset on ~*', 'on ~* +@nocategory', 'on ~* +notacommand', 'on ~* -alsonotacommand',
    'on ~* +@all -@bogus', 'on ~* +@', 'on ~', 'on &', 'on %X~foo', 'on %R~', 'on ~* +', 'on ~* (+get', 'on ~* ()', 'on ~* (on +get)', 'on ~* +@all extra?token', '', '   ', 'on ~* allcommandz', 'on ~* +set|', 'on ~* nocommandz']
    .map((a) => ({ what: `access string "${a}"`, args: ['users', 'create', 'app', '--access-string', a, '--password-stdin'], input: good })),
  // user names
  ...['Bad_Name', '1starts-with-digit', 'ends-with-', 'double--hyphen', 'x'.repeat(41), 'spa ce', 'ünïcode', 'memctl-admin', '']
    .map((n) => ({ what: `user name "${n}"`, args: ['users', 'create', n, '--access-string', 'on ~* +@all', '--password-stdin'], input: good })),
  // passwords
  ...['short', 'fifteen-chars!!', 'has space in it 12345', 'tab\tin-password-123456', 'ünicode-password-123456', 'x'.repeat(129), 'newline\nin-password-12345']
    .map((p, i) => ({ what: `password #${i + 1}`, args: ['users', 'create', 'app', '--access-string', 'on ~* +@all', '--password-stdin'], input: `${p}` })),
  // other user/acl input
  { what: 'no password at all', args: ['users', 'create', 'app', '--access-string', 'on ~* +@all'] },
  { what: 'no access string', args: ['users', 'create', 'app', '--password-stdin'], input: good },
  { what: '--iam with a password', args: ['users', 'create', 'app', '--iam', '--access-string', 'on ~* +@all', '--password-stdin'], input: good },
  { what: 'update with nothing to change', args: ['users', 'update', 'app'] },
  { what: 'ACL name "Bad_ACL"', args: ['acls', 'create', 'Bad_ACL'] },
  { what: 'ACL user "Bad User"', args: ['acls', 'create', 'ok-acl', '--user', 'Bad User'] },
  { what: 'deleting open-access', args: ['--yes', 'acls', 'delete', 'open-access'] },
  { what: 'rotate: same password twice', args: ['users', 'rotate-password', 'app', '--password-stdin'], input: good, env: { MEMCTL_CURRENT_PASSWORD: good } },
  { what: 'rotate: --finish with --generate', args: ['--yes', 'users', 'rotate-password', 'app', '--finish', '--generate'], env: { MEMCTL_CURRENT_PASSWORD: good } },
  { what: 'rotate: --finish and --single-shot', args: ['users', 'rotate-password', 'app', '--finish', '--single-shot', '--password-stdin'], input: good },
  { what: 'token without --user', args: ['auth', 'token', 'demo'] },
];
const rejected = [];
for (const c of cases) {
  const before = apiCalls;
  const r = spawnSync(process.execPath, [bin, '--endpoint-url', fakeUrl, ...c.args], { env: { ...baseEnv, ...(c.env ?? {}) }, input: c.input ?? '', encoding: 'utf8', timeout: 30_000 });
  const lines = r.stderr.trim().split('\n');
  rejected.push({ what: c.what, exit: r.status, apiCalls: apiCalls - before, message: lines[0], oneLine: lines.length <= 2 && lines[0].startsWith('memctl: ') });
}
fake.close();
const ok = rejected.filter((r) => r.exit === 2 && r.apiCalls === 0 && r.oneLine);
log(`invalid input: ${ok.length}/${rejected.length} rejected with exit 2, one line, no API call`);
for (const r of rejected.filter((x) => !ok.includes(x))) log(`  NOT OK: ${r.what}: exit ${r.exit}, ${r.apiCalls} calls, ${r.message}`);

// ---- 2. rotation under an AUTH loop ---------------------------------------------------------
const env = { ...baseEnv, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()) };
delete env.AWS_ACCESS_KEY_ID;
delete env.AWS_SECRET_ACCESS_KEY;
function memctl(args, input = '', extraEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, input, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`memctl ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout.trim() === '' || !args.includes('json') ? undefined : JSON.parse(r.stdout);
}
function memctlAsync(args, input, extraEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.stdin.end(input);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`memctl ${args.join(' ')} exited ${code}: ${err}`))));
  });
}
const OLD = 'Old-Password-0000000001';
const NEW = 'New-Password-0000000002';
let rotation;
try {
  memctl(['local', 'up', '-q']);
  memctl(['--local', 'users', 'create', 'app', '--access-string', 'on ~* +@all', '--password-stdin', '--wait'], OLD);
  memctl(['--local', 'acls', 'create', 'app-acl', '--user', 'app', '--wait']);
  const cluster = memctl(['--local', '-q', 'create', 'rot', '--shards', '2', '--replicas', '1', '--acl', 'app-acl', '--wait', '-o', 'json']);
  const ca = readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
  const ports = cluster.shards.flatMap((s) => s.nodes.map((n) => n.endpoint.port));
  // One connection per node and password; AUTH every 10 ms, recording when each attempt ran.
  const attempts = { old: [], new: [] };
  let running = true;
  const loops = [];
  for (const port of ports) {
    for (const [label, password] of [['old', OLD], ['new', NEW]]) {
      const c = new Redis({ host: '127.0.0.1', port, tls: { ca }, enableReadyCheck: false, maxRetriesPerRequest: 1, lazyConnect: true });
      c.on('error', () => {});
      await c.connect();
      loops.push(
        (async () => {
          const deadline = Date.now() + 600_000;
          while (running && Date.now() < deadline) {
            const at = Date.now();
            let okAuth = true;
            try {
              await c.call('AUTH', 'app', password);
            } catch {
              okAuth = false;
            }
            attempts[label].push({ at, done: Date.now(), ok: okAuth, port });
            await new Promise((r) => setTimeout(r, 10));
          }
          c.disconnect();
        })(),
      );
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  const phase1Start = Date.now();
  const phase1 = await memctlAsync(['--local', '-q', 'users', 'rotate-password', 'app', '--password-stdin', '-o', 'json'], NEW, { MEMCTL_CURRENT_PASSWORD: OLD });
  const phase1End = Date.now();
  await new Promise((r) => setTimeout(r, 1000));
  const phase2Start = Date.now();
  const phase2 = await memctlAsync(['--local', '-q', '--yes', 'users', 'rotate-password', 'app', '--finish', '--password-stdin', '-o', 'json'], NEW, { MEMCTL_CURRENT_PASSWORD: OLD });
  const phase2End = Date.now();
  await new Promise((r) => setTimeout(r, 500));
  running = false;
  await Promise.all(loops);
  const oldBeforePhase2 = attempts.old.filter((a) => a.done < phase2Start);
  const newAfterPhase1 = attempts.new.filter((a) => a.at > phase1End);
  const oldAfterPhase2 = attempts.old.filter((a) => a.at > phase2End);
  rotation = {
    nodes: ports.length,
    intervalMs: 10,
    phase1Ms: phase1End - phase1Start,
    phase2Ms: phase2End - phase2Start,
    oldPasswordBeforePhase2: { attempts: oldBeforePhase2.length, failures: oldBeforePhase2.filter((a) => !a.ok).length },
    newPasswordAfterPhase1: { attempts: newAfterPhase1.length, failures: newAfterPhase1.filter((a) => !a.ok).length },
    oldPasswordAfterPhase2: { attempts: oldAfterPhase2.length, accepted: oldAfterPhase2.filter((a) => a.ok).length },
    phase1: { action: phase1.action, passwordCount: phase1.passwordCount },
    phase2: { action: phase2.action, passwordCount: phase2.passwordCount },
  };
  log(`rotation on ${ports.length} nodes: phase one ${rotation.phase1Ms} ms, phase two ${rotation.phase2Ms} ms`);
  log(`  old password before phase two: ${rotation.oldPasswordBeforePhase2.failures} failures in ${rotation.oldPasswordBeforePhase2.attempts} AUTHs`);
  log(`  new password after phase one:  ${rotation.newPasswordAfterPhase1.failures} failures in ${rotation.newPasswordAfterPhase1.attempts} AUTHs`);
  log(`  old password after phase two:  ${rotation.oldPasswordAfterPhase2.accepted} accepted in ${rotation.oldPasswordAfterPhase2.attempts} AUTHs (must be 0)`);
} finally {
  spawnSync(process.execPath, [bin, 'local', 'down', '-q'], { env, timeout: 120_000 });
  rmSync(work, { recursive: true, force: true });
}
const results = { when: new Date().toISOString(), invalidInput: { cases: rejected.length, rejectedCleanlyWithoutApiCall: ok.length, details: rejected }, rotation };
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'users.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ ...results, invalidInput: { cases: rejected.length, rejectedCleanlyWithoutApiCall: ok.length } }, null, 2)}\n`);
