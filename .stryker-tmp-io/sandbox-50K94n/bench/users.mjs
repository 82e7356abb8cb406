#!/usr/bin/env node
// @ts-nocheck
// Figures for users and password rotation:
//  1. invalid access strings, user names and passwords: each rejected by bin/memctl with exit 2
//     and no API call (a counting HTTP server stands in for AWS);
//  2. a zero-downtime rotation on a local 2x1 cluster while a client AUTHs against every node every
//     10 ms with the old and with the new password: failures of the old one before phase two
//     starts, failures of the new one after phase one returns (both must be 0);
//  3. (ElastiCache) the same for an AUTH token: `memctl rotate-auth-token <group>` (ModifyReplicationGroup
//     AuthToken, ROTATE then SET with --finish) while a client AUTHs with the old and the new token.
// Usage: npm run build && node bench/users.mjs [--service memorydb|elasticache] [--cluster-mode enabled|disabled]
//          [--sections invalid,rotation]
// With --service elasticache every memctl command carries `--service elasticache`; the counting
// fake answers awsQuery (XML) instead of awsJson; the rotations run on replication groups of 2 node
// groups x 1 replica (cluster mode enabled, the default) or of one primary and one replica
// (--cluster-mode disabled). Results: bench/results/users-<service>[-<cluster mode>].json
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { argValue, serviceFromArgs, writeResults } from './lib/service.mjs';
import { freePort, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const service = serviceFromArgs({ modes: ['enabled', 'disabled'] });
const svc = service.flags;
const SHAPE = service.clusterMode === 'disabled' ? [...service.createFlags, '--replicas', '1'] : ['--shards', '2', '--replicas', '1'];
const SECTIONS = argValue('--sections', 'invalid,rotation').split(',');
const work = mkdtempSync(join(tmpdir(), 'memctl-bench-users-'));
const log = (m) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

// ---- 1. invalid input, no API call ----------------------------------------------------------
// The fake answers whatever comes in the service's own protocol (awsJson 1.1 for MemoryDB, awsQuery
// XML for ElastiCache), so a call that got through would look like a success; only the count matters.
let apiCalls = 0;
const fake = createServer((req, res) => {
  apiCalls++;
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (service.elasticache) {
      const action = new URLSearchParams(body).get('Action') ?? 'Unknown';
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<${action}Response xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><${action}Result/><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`);
    } else {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end('{}');
    }
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
  // MemoryDB's built-in ACL; ElastiCache has no such user group (the name is an ordinary one there).
  { what: 'deleting open-access', args: ['--yes', 'acls', 'delete', 'open-access'], services: ['memorydb'] },
  { what: 'rotate: same password twice', args: ['users', 'rotate-password', 'app', '--password-stdin'], input: good, env: { MEMCTL_CURRENT_PASSWORD: good } },
  { what: 'rotate: --finish with --generate', args: ['--yes', 'users', 'rotate-password', 'app', '--finish', '--generate'], env: { MEMCTL_CURRENT_PASSWORD: good } },
  { what: 'rotate: --finish and --single-shot', args: ['users', 'rotate-password', 'app', '--finish', '--single-shot', '--password-stdin'], input: good },
  { what: 'token without --user', args: ['auth', 'token', 'demo'] },
  // ElastiCache's own: AUTH tokens, rotate-auth-token, user names and engines.
  ...[
    { what: 'AUTH token of 12 characters', args: ['create', 'ok', '--auth-token-stdin'], input: 'tiny-token-x' },
    { what: 'AUTH token of 129 characters', args: ['create', 'ok', '--auth-token-stdin'], input: 'a'.repeat(129) },
    ...['has-an-@-inside-it-xx', 'has-a-/-inside-it-xx', 'has-a-"-inside-it-xx', 'has-a-%-inside-it-xx', 'has a space inside it', 'ünicode-token-0123456789']
      .map((t, i) => ({ what: `AUTH token #${i + 1} with a character ElastiCache refuses`, args: ['create', 'ok', '--auth-token-stdin'], input: t })),
    { what: 'AUTH token without TLS', args: ['create', 'ok', '--generate-auth-token', '--no-tls'] },
    { what: 'AUTH token and user groups', args: ['create', 'ok', '--auth-token-stdin', '--user-groups', 'g'], input: good },
    { what: 'rotate-auth-token without the current token', args: ['rotate-auth-token', 'g', '--auth-token-stdin'], input: 'new-token-0123456789' },
    { what: 'rotate-auth-token: same token twice', args: ['rotate-auth-token', 'g', '--auth-token-stdin'], input: good, env: { MEMCTL_CURRENT_AUTH_TOKEN: good } },
    { what: 'rotate-auth-token: a bad new token', args: ['rotate-auth-token', 'g', '--auth-token-stdin'], input: 'short', env: { MEMCTL_CURRENT_AUTH_TOKEN: good } },
    { what: 'rotate-auth-token --finish --grace', args: ['rotate-auth-token', 'g', '--finish', '--grace', '1m'] },
    { what: 'rotate-auth-token --finish with --generate-auth-token', args: ['--yes', 'rotate-auth-token', 'g', '--finish', '--generate-auth-token'], env: { MEMCTL_CURRENT_AUTH_TOKEN: good } },
    { what: '--user-name with --iam', args: ['users', 'create', 'u', '--user-name', 'default', '--iam', '--access-string', 'on'] },
    { what: '--user-name "Bad Name"', args: ['users', 'create', 'u', '--user-name', 'Bad Name', '--access-string', 'on ~* +@all', '--password-stdin'], input: good },
    { what: 'users --engine memcached', args: ['users', 'create', 'u', '--engine', 'memcached', '--access-string', 'on ~* +@all', '--password-stdin'], input: good },
    { what: 'user group --engine memcached', args: ['acls', 'create', 'g', '--engine', 'memcached'] },
  ].map((c) => ({ ...c, services: ['elasticache'] })),
];
/** memctl without blocking this process, so the fake can answer (and count) a call that gets through. */
function runCase(args, input, extraEnv) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...svc, '--endpoint-url', fakeUrl, ...args], { env: { ...baseEnv, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (c) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code, stderr: err });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
const rejected = [];
const applicable = SECTIONS.includes('invalid') ? cases.filter((c) => (c.services ?? ['memorydb', 'elasticache']).includes(service.name)) : [];
for (const c of applicable) {
  const before = apiCalls;
  const r = await runCase(c.args, c.input ?? '', c.env ?? {});
  const lines = r.stderr.trim().split('\n');
  rejected.push({ what: c.what, exit: r.status, apiCalls: apiCalls - before, message: lines[0], oneLine: lines.length <= 2 && lines[0].startsWith('memctl: ') });
}
// Control: a valid command does reach the fake (and is counted), in the service's protocol.
let control;
if (SECTIONS.includes('invalid')) {
  const before = apiCalls;
  const r = await runCase(['list', '-o', 'json'], '', {});
  control = { command: ['memctl', ...svc, 'list', '-o', 'json'].join(' '), exit: r.status, apiCalls: apiCalls - before };
  log(`control: \`${control.command}\` against the fake: exit ${control.exit}, ${control.apiCalls} API call(s) counted`);
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
  const r = spawnSync(process.execPath, [bin, ...svc, ...args], { env: { ...env, ...extraEnv }, input, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`memctl ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout.trim() === '' || !args.includes('json') ? undefined : JSON.parse(r.stdout);
}
function memctlAsync(args, input, extraEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...svc, ...args], { env: { ...env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.stdin.end(input);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`memctl ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/**
 * One connection per node and secret; `auth(client, secret)` every 10 ms on each, recording when each
 * attempt ran, while phase one and then (1 s later) phase two run. Failures of the old secret before
 * phase two starts and of the new one after phase one returns must both be 0; the old one must be
 * refused everywhere after phase two returns.
 */
async function rotationUnderAuthLoop({ what, cluster, auth, oldSecret, newSecret, phase1, phase2 }) {
  const ca = readFileSync(join(env.MEMCTL_LOCAL_DIR, 'tls', 'ca.crt'));
  const ports = cluster.shards.flatMap((s) => s.nodes.map((n) => n.endpoint.port));
  const attempts = { old: [], new: [] };
  let running = true;
  const loops = [];
  for (const port of ports) {
    for (const [label, secret] of [['old', oldSecret], ['new', newSecret]]) {
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
              await auth(c, secret);
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
  let phase1Start;
  let phase1End;
  let phase2Start;
  let phase2End;
  let out1;
  let out2;
  try {
    await new Promise((r) => setTimeout(r, 500));
    phase1Start = Date.now();
    out1 = await memctlAsync(phase1.args, phase1.input, phase1.env);
    phase1End = Date.now();
    await new Promise((r) => setTimeout(r, 1000));
    phase2Start = Date.now();
    out2 = await memctlAsync(phase2.args, phase2.input, phase2.env);
    phase2End = Date.now();
    await new Promise((r) => setTimeout(r, 500));
  } finally {
    running = false;
    await Promise.all(loops);
  }
  const oldBeforePhase2 = attempts.old.filter((a) => a.done < phase2Start);
  const newAfterPhase1 = attempts.new.filter((a) => a.at > phase1End);
  const oldAfterPhase2 = attempts.old.filter((a) => a.at > phase2End);
  const figure = {
    what,
    command: ['memctl', ...svc, ...phase1.args].join(' '),
    nodes: ports.length,
    intervalMs: 10,
    phase1Ms: phase1End - phase1Start,
    phase2Ms: phase2End - phase2Start,
    oldSecretBeforePhase2: { attempts: oldBeforePhase2.length, failures: oldBeforePhase2.filter((a) => !a.ok).length },
    newSecretAfterPhase1: { attempts: newAfterPhase1.length, failures: newAfterPhase1.filter((a) => !a.ok).length },
    oldSecretAfterPhase2: { attempts: oldAfterPhase2.length, accepted: oldAfterPhase2.filter((a) => a.ok).length },
    phase1: { action: out1.action, passwordCount: out1.passwordCount },
    phase2: { action: out2.action, passwordCount: out2.passwordCount },
  };
  log(`${what} on ${ports.length} nodes: phase one ${figure.phase1Ms} ms, phase two ${figure.phase2Ms} ms`);
  log(`  old secret before phase two: ${figure.oldSecretBeforePhase2.failures} failures in ${figure.oldSecretBeforePhase2.attempts} AUTHs`);
  log(`  new secret after phase one:  ${figure.newSecretAfterPhase1.failures} failures in ${figure.newSecretAfterPhase1.attempts} AUTHs`);
  log(`  old secret after phase two:  ${figure.oldSecretAfterPhase2.accepted} accepted in ${figure.oldSecretAfterPhase2.attempts} AUTHs (must be 0)`);
  return figure;
}

const OLD = 'Old-Password-0000000001';
const NEW = 'New-Password-0000000002';
// AUTH tokens: only letters, digits and ! & # $ ^ < > - (what ElastiCache accepts).
const OLD_TOKEN = 'Old-Token-00000000000000001';
const NEW_TOKEN = 'New-Token-00000000000000002';
let rotation;
let tokenRotation;
try {
  if (!SECTIONS.includes('rotation')) throw Object.assign(new Error('skipped'), { skipped: true });
  memctl(['local', 'up', '-q']);
  // A user in an ACL (MemoryDB) / user group (ElastiCache; memctl adds the built-in default user).
  memctl(['--local', 'users', 'create', 'app', '--access-string', 'on ~* +@all', '--password-stdin', '--wait'], OLD);
  memctl(['--local', '-q', 'acls', 'create', 'app-acl', '--user', 'app', '--wait']);
  const cluster = memctl(['--local', '-q', 'create', 'rot', ...SHAPE, '--acl', 'app-acl', '--wait', '-o', 'json']);
  rotation = await rotationUnderAuthLoop({
    what: 'users rotate-password',
    cluster,
    auth: (c, password) => c.call('AUTH', 'app', password),
    oldSecret: OLD,
    newSecret: NEW,
    phase1: { args: ['--local', '-q', 'users', 'rotate-password', 'app', '--password-stdin', '-o', 'json'], input: NEW, env: { MEMCTL_CURRENT_PASSWORD: OLD } },
    phase2: { args: ['--local', '-q', '--yes', 'users', 'rotate-password', 'app', '--finish', '--password-stdin', '-o', 'json'], input: NEW, env: { MEMCTL_CURRENT_PASSWORD: OLD } },
  });
  if (service.elasticache) {
    // ---- 3. AUTH token rotation (ElastiCache) -------------------------------------------------
    // The group's first token from MEMCTL_AUTH_TOKEN; phase one reads the new one from stdin,
    // phase two from MEMCTL_AUTH_TOKEN; the current one from MEMCTL_CURRENT_AUTH_TOKEN.
    const group = memctl(['--local', '-q', 'create', 'tok', ...SHAPE, '--auth-token', '--wait', '-o', 'json'], '', { MEMCTL_AUTH_TOKEN: OLD_TOKEN });
    tokenRotation = await rotationUnderAuthLoop({
      what: 'rotate-auth-token',
      cluster: group,
      auth: (c, token) => c.call('AUTH', token),
      oldSecret: OLD_TOKEN,
      newSecret: NEW_TOKEN,
      phase1: { args: ['--local', '-q', 'rotate-auth-token', 'tok', '--auth-token-stdin', '-o', 'json'], input: NEW_TOKEN, env: { MEMCTL_CURRENT_AUTH_TOKEN: OLD_TOKEN } },
      phase2: { args: ['--local', '-q', '--yes', 'rotate-auth-token', 'tok', '--finish', '-o', 'json'], input: '', env: { MEMCTL_CURRENT_AUTH_TOKEN: OLD_TOKEN, MEMCTL_AUTH_TOKEN: NEW_TOKEN } },
    });
  }
} catch (err) {
  if (!err.skipped) throw err;
} finally {
  stopLocalPlane(bin, env, log);
  rmSync(work, { recursive: true, force: true });
}
const results = {
  when: new Date().toISOString(),
  service: service.name,
  clusterMode: service.clusterMode,
  invalidInput: { cases: rejected.length, rejectedCleanlyWithoutApiCall: ok.length, control, details: rejected },
  rotation,
  ...(tokenRotation ? { authTokenRotation: tokenRotation } : {}),
};
writeResults(service, 'users', results);
process.stdout.write(`${JSON.stringify({ ...results, invalidInput: { cases: rejected.length, rejectedCleanlyWithoutApiCall: ok.length, control } }, null, 2)}\n`);
