// @ts-nocheck
// E2E: bad input is refused with one clear line and its exit code before any API call, and
// service/network failures map to the documented exit codes without stack traces or secrets.
// "No API call" is proven by a counting HTTP server on 127.0.0.1 that memctl is pointed at,
// with a region and credentials present, so that only input validation can stop the call.
// Every case runs for both services; each service's own flags are refused by the other.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsJsonError, cleanEnv, registerTestSecret, expectCleanError, expectNoWarnings, runMemctl, show, startFakeAws, type FakeAws } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';
import { SERVICES } from '../helpers/services.js';

const home = tempDir('e2e-bad-home');
const localDir = tempDir('e2e-bad-local');
let localPort = 0;

/** Region and credentials present: nothing but memctl's own checks stands between it and the API. */
function envWith(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv(
    {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
      MEMCTL_LOCAL_DIR: localDir,
      MEMCTL_LOCAL_PORT: String(localPort),
      ...extra,
    },
    home,
  );
}

beforeAll(async () => {
  localPort = await freePort();
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(localDir, { recursive: true, force: true });
});

interface BadCase {
  label: string;
  args: string[];
  code: number;
  mentions: RegExp;
  /** The case brings its own --endpoint-url (or --local), so the counter is not passed. */
  ownEndpoint?: boolean;
  /** Written to stdin. */
  input?: string;
}

const badCases: BadCase[] = [
  { label: 'create Bad_Name', args: ['create', 'Bad_Name'], code: 2, mentions: /Bad_Name.*"_"/ },
  { label: 'create 1abc', args: ['create', '1abc'], code: 2, mentions: /1abc.*start with a letter/ },
  { label: 'create abc-', args: ['create', 'abc-'], code: 2, mentions: /abc-.*hyphen/ },
  { label: 'create a--b', args: ['create', 'a--b'], code: 2, mentions: /a--b.*hyphen/ },
  { label: 'create <41 chars>', args: ['create', `a${'b'.repeat(40)}`], code: 2, mentions: /41 characters.*40/ },
  { label: "describe 'x y'", args: ['describe', 'x y'], code: 2, mentions: /"x y"/ },
  { label: '--shards 0', args: ['create', 'ok', '--shards', '0'], code: 2, mentions: /--shards.*1 and 500.*0/ },
  { label: '--shards 600', args: ['create', 'ok', '--shards', '600'], code: 2, mentions: /--shards.*600/ },
  { label: '--shards abc', args: ['create', 'ok', '--shards', 'abc'], code: 2, mentions: /--shards.*whole number.*abc/ },
  { label: '--replicas 6', args: ['create', 'ok', '--replicas', '6'], code: 2, mentions: /--replicas.*0 and 5.*6/ },
  { label: '--replicas -1', args: ['create', 'ok', '--replicas', '-1'], code: 2, mentions: /--replicas.*-1/ },
  { label: '--node-type db.nope.large', args: ['create', 'ok', '--node-type', 'db.nope.large'], code: 2, mentions: /node type "db\.nope\.large"/ },
  { label: '--engine memcached', args: ['create', 'ok', '--engine', 'memcached'], code: 2, mentions: /--engine "memcached"/ },
  { label: '--tag aws:x=1', args: ['create', 'ok', '--tag', 'aws:x=1'], code: 2, mentions: /--tag "aws:x=1".*reserved/ },
  { label: '--maintenance-window bad', args: ['create', 'ok', '--maintenance-window', 'bad'], code: 2, mentions: /--maintenance-window "bad"/ },
  { label: '--timeout soon', args: ['create', 'ok', '--wait', '--timeout', 'soon'], code: 2, mentions: /--timeout.*"soon"/ },
  { label: '-o xml', args: ['list', '-o', 'xml'], code: 2, mentions: /--output "xml"/ },
  { label: "--query '[.'", args: ['list', '--query', '[.'], code: 2, mentions: /--query "\[\."/ },
  { label: '--service dynamo', args: ['list', '--service', 'dynamo'], code: 2, mentions: /--service "dynamo"/ },
  { label: '--endpoint-url notaurl', args: ['list', '--endpoint-url', 'notaurl'], code: 2, mentions: /--endpoint-url "notaurl"/, ownEndpoint: true },
  { label: "--region 'not a region'", args: ['list', '--region', 'not a region'], code: 2, mentions: /region "not a region"/ },
  { label: '--local --endpoint-url', args: ['--local', 'list', '--endpoint-url', 'http://127.0.0.1:1'], code: 2, mentions: /--local.*--endpoint-url/, ownEndpoint: true },
  { label: 'delete without --yes', args: ['delete', 'ok'], code: 2, mentions: /--yes/ },
  { label: "--shards ' 2' (spaces around)", args: ['create', 'ok', '--shards', ' 2'], code: 2, mentions: /--shards.*whole number/ },
  { label: "--replicas '1 ' (spaces around)", args: ['scale', 'ok', '--replicas', '1 '], code: 2, mentions: /--replicas.*whole number/ },
  { label: '--timeout 0', args: ['create', 'ok', '--wait', '--timeout', '0'], code: 2, mentions: /--timeout.*longer than 0/ },
  { label: '--timeout 0s on scale', args: ['scale', 'ok', '--shards', '2', '--wait', '--timeout', '0s'], code: 2, mentions: /--timeout.*longer than 0/ },
  { label: "--timeout ' 5m'", args: ['delete', 'ok', '--yes', '--wait', '--timeout', ' 5m'], code: 2, mentions: /--timeout.*duration/ },
  { label: 'events --since 0', args: ['events', '--since', '0'], code: 2, mentions: /--since.*longer than 0/ },
  { label: 'failover without --yes', args: ['failover', 'ok', '--shard', '0001'], code: 2, mentions: /--yes/ },
  { label: 'keys delete without --yes', args: ['keys', 'delete', 'ok', '--match', 'x*'], code: 2, mentions: /--yes/ },
  { label: 'unknown option (list --bogus)', args: ['list', '--bogus'], code: 2, mentions: /--bogus/ },
  { label: 'unknown command', args: ['frobnicate'], code: 2, mentions: /frobnicate/ },
  { label: 'missing argument (describe)', args: ['describe'], code: 2, mentions: /cluster/ },
];

/** A token that is too short: refused without being echoed. */
const SHORT_TOKEN = 'tiny-token-x';

/** ElastiCache's own choices, checked together before any call. */
const elasticacheCases: BadCase[] = [
  { label: '--cluster-mode maybe', args: ['create', 'ok', '--cluster-mode', 'maybe'], code: 2, mentions: /--cluster-mode "maybe"/ },
  { label: '--cluster-mode disabled --shards 2', args: ['create', 'ok', '--cluster-mode', 'disabled', '--shards', '2'], code: 2, mentions: /exactly one shard/ },
  { label: '--no-automatic-failover with cluster mode enabled', args: ['create', 'ok', '--no-automatic-failover'], code: 2, mentions: /--no-automatic-failover needs --cluster-mode disabled/ },
  { label: '--multi-az --replicas 0', args: ['create', 'ok', '--multi-az', '--replicas', '0'], code: 2, mentions: /--multi-az needs at least one replica/ },
  { label: 'an AUTH token without TLS', args: ['create', 'ok', '--generate-auth-token', '--no-tls'], code: 2, mentions: /in-transit encryption/ },
  { label: 'an AUTH token and user groups', args: ['create', 'ok', '--auth-token-file', '/nonexistent', '--user-groups', 'g'], code: 2, mentions: /not both/ },
  { label: 'a short AUTH token', args: ['create', 'ok', '--auth-token-stdin'], input: SHORT_TOKEN, code: 2, mentions: /invalid token for ok: it has 12 characters \(16-128 required\)/ },
  { label: 'an AUTH token with @', args: ['create', 'ok', '--auth-token-stdin'], input: 'has-an-@-inside-it-xx', code: 2, mentions: /character 8 of 21 is not allowed/ },
  { label: 'a MemoryDB node type', args: ['create', 'ok', '--node-type', 'db.r7g.large'], code: 2, mentions: /elasticache node type "db\.r7g\.large"/ },
  { label: '--engine for user groups', args: ['acls', 'create', 'g', '--engine', 'memcached'], code: 2, mentions: /--engine "memcached"/ },
  { label: 'rotate-auth-token without the current token', args: ['rotate-auth-token', 'g', '--auth-token-stdin'], input: 'new-token-0123456789', code: 2, mentions: /no current token of g given/ },
  { label: '--user-name with --iam', args: ['users', 'create', 'u', '--user-name', 'default', '--iam', '--access-string', 'on'], code: 2, mentions: /--user-name cannot be used with --iam/ },
  { label: 'rotate-auth-token --finish --grace', args: ['rotate-auth-token', 'g', '--finish', '--grace', '1m'], code: 2, mentions: /only one of --finish and --grace/ },
].map((c) => ({ ...c, args: ['--service', 'elasticache', ...c.args] }));

/** MemoryDB refuses ElastiCache's flags, naming the service that takes them. */
const memorydbCases: BadCase[] = [
  { label: 'MemoryDB --cluster-mode', args: ['create', 'ok', '--cluster-mode', 'disabled'], code: 2, mentions: /--cluster-mode applies to --service elasticache only/ },
  { label: 'MemoryDB --multi-az', args: ['create', 'ok', '--multi-az'], code: 2, mentions: /--multi-az applies to --service elasticache only/ },
  { label: 'MemoryDB --generate-auth-token', args: ['create', 'ok', '--generate-auth-token'], code: 2, mentions: /--generate-auth-token applies to --service elasticache only/ },
  { label: 'MemoryDB --user-groups', args: ['create', 'ok', '--user-groups', 'g'], code: 2, mentions: /--user-groups applies to --service elasticache only/ },
  { label: 'MemoryDB users --engine', args: ['users', 'create', 'u', '--engine', 'valkey', '--access-string', 'on'], code: 2, mentions: /--engine applies to --service elasticache only/ },
  { label: 'MemoryDB users --user-name', args: ['users', 'create', 'u', '--user-name', 'default', '--access-string', 'on'], code: 2, mentions: /--user-name applies to --service elasticache only/ },
  { label: 'MemoryDB rotate-auth-token', args: ['rotate-auth-token', 'g'], code: 2, mentions: /rotate-auth-token is for ElastiCache/ },
];

/** The shared cases for each service, then each service's own. */
const allCases: BadCase[] = [
  ...SERVICES.flatMap((svc) => badCases.map((c) => ({ ...c, label: `${svc.name}: ${c.label}`, args: c.args.includes('--service') ? c.args : ['--service', svc.name, ...c.args] }))),
  ...elasticacheCases,
  ...memorydbCases,
];

describe.concurrent('bad input: one clear line, exit code, and no API call', () => {
  for (const c of allCases) if (c.input !== undefined) registerTestSecret(c.input);
  it.for(allCases)('$label', async (c, { expect: expectHere }) => {
    const counter = await startFakeAws();
    try {
      const args = c.ownEndpoint === true ? c.args : ['--endpoint-url', counter.url, ...c.args];
      const r = await runMemctl(args, { env: envWith(), timeoutMs: 15_000, input: c.input });
      expectCleanError(r, c.code, c.mentions);
      if (c.input !== undefined) expectHere(r.stderr).not.toContain(c.input);
      expectHere(counter.count(), `API calls made for ${c.label}: ${counter.requests.join(', ')}`).toBe(0);
    } finally {
      await counter.close();
    }
  });
});

describe('missing configuration and failing services', () => {
  let counter: FakeAws;

  beforeAll(async () => {
    counter = await startFakeAws();
  });

  afterAll(async () => {
    await counter.close();
  });

  it('the --local case did not start a local control plane', () => {
    expect(existsSync(join(localDir, 'daemon.json'))).toBe(false);
  });

  it('no region anywhere: exit 2 naming the region, no API call', async () => {
    const before = counter.count();
    const env = cleanEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', MEMCTL_LOCAL_DIR: localDir }, home);
    const r = await runMemctl(['list', '--endpoint-url', counter.url], { env, timeoutMs: 15_000 });
    expectCleanError(r, 2, /region/i);
    expect(counter.count() - before).toBe(0);
  });

  it('no credentials anywhere: exit 4 naming credentials, no API call', async () => {
    const before = counter.count();
    const env = cleanEnv({ AWS_REGION: 'us-east-1', MEMCTL_LOCAL_DIR: localDir }, home);
    const r = await runMemctl(['list', '--endpoint-url', counter.url], { env, timeoutMs: 15_000 });
    expectCleanError(r, 4, /credentials/i);
    expect(counter.count() - before).toBe(0);
  });

  it('--profile: region and credentials come from the shared config files', async () => {
    const profileHome = mkdtempSync(join(tmpdir(), 'memctl-e2e-profile-'));
    mkdirSync(join(profileHome, '.aws'));
    writeFileSync(join(profileHome, '.aws', 'config'), '[profile dev]\nregion = eu-central-1\n');
    writeFileSync(join(profileHome, '.aws', 'credentials'), '[dev]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
    let scope = '';
    counter.answer((_target, req) => {
      scope = String(req.headers.authorization ?? '');
      return { status: 200, body: '{"Clusters":[]}' };
    });
    try {
      const env = cleanEnv({ MEMCTL_LOCAL_DIR: localDir }, profileHome);
      const ok = await runMemctl(['--profile', 'dev', 'list', '--endpoint-url', counter.url, '-o', 'json'], { env, timeoutMs: 15_000 });
      expect(ok.code, show(ok)).toBe(0);
      expect(JSON.parse(ok.stdout)).toEqual([]);
      expect(scope).toMatch(/Credential=AKIDPROFILE\/\d{8}\/eu-central-1\/memorydb\/aws4_request/);
      const before = counter.count();
      const missing = await runMemctl(['--profile', 'nope', '--region', 'us-east-1', 'list', '--endpoint-url', counter.url], { env, timeoutMs: 15_000 });
      // A profile that is in neither file: exit 2 naming it and the files read, no API call.
      expectCleanError(missing, 2, /AWS profile "nope" not found; read .*\.aws\/config and .*\.aws\/credentials/);
      const fromEnv = await runMemctl(['list', '--endpoint-url', counter.url], { env: { ...env, AWS_PROFILE: 'nope' }, timeoutMs: 15_000 });
      expectCleanError(fromEnv, 2, /AWS profile "nope" \(from AWS_PROFILE\) not found/);
      expect(counter.count() - before).toBe(0);
    } finally {
      counter.answer(() => ({ status: 200, body: '{"Clusters":[]}' }));
    }
  });

  it('an endpoint nobody listens on: exit 1, "cannot reach", quickly', async () => {
    const port = await freePort();
    const r = await runMemctl(['list', '--endpoint-url', `http://127.0.0.1:${port}`], { env: envWith(), timeoutMs: 20_000 });
    expectCleanError(r, 1, /cannot reach/);
    expect(r.ms).toBeLessThan(15_000);
  });

  it('an endpoint that is not the AWS API (an HTML 404): exit 1 saying which endpoint answered what', async () => {
    counter.answer(() => ({ status: 404, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html><body>Not Found</body></html>' }));
    try {
      const r = await runMemctl(['list', '--endpoint-url', counter.url], { env: envWith(), timeoutMs: 15_000 });
      expectCleanError(r, 1, new RegExp(`${counter.url} did not answer as the AWS API while listing clusters: HTTP 404, text/html`));
      expect(r.stderr).not.toMatch(/DOCTYPE|Unexpected token|SyntaxError/);
    } finally {
      counter.answer(() => ({ status: 200, body: '{"Clusters":[]}' }));
    }
  });

  it('a service answering ClusterNotFoundFault: exit 3', async () => {
    counter.answer((target) =>
      target.endsWith('.DescribeClusters') ? awsJsonError('ClusterNotFoundFault', 'Cluster x not found') : awsJsonError('InvalidParameterValueException', `unexpected ${target}`),
    );
    const before = counter.count();
    const r = await runMemctl(['describe', 'x', '--endpoint-url', counter.url], { env: envWith(), timeoutMs: 15_000 });
    expectCleanError(r, 3, /"x" not found|Cluster x not found/);
    expect(counter.count() - before).toBeGreaterThanOrEqual(1);
    // DescribeClusters, then (not found) one look at the other service for a hint.
    expect(counter.requests[before]).toBe('AmazonMemoryDB.DescribeClusters');
    expect(counter.requests.slice(before).filter((t) => t.startsWith('AmazonMemoryDB.')).every((t) => t === 'AmazonMemoryDB.DescribeClusters')).toBe(true);
  });

  it('a service answering AccessDeniedException: exit 4', async () => {
    counter.answer(() => awsJsonError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: memorydb:DescribeClusters'));
    const before = counter.count();
    const describeX = await runMemctl(['describe', 'x', '--endpoint-url', counter.url], { env: envWith(), timeoutMs: 15_000 });
    expectCleanError(describeX, 4, /not authorized|AccessDenied/);
    const list = await runMemctl(['list', '--endpoint-url', counter.url], { env: envWith(), timeoutMs: 15_000 });
    expectCleanError(list, 4, /not authorized|AccessDenied/);
    expect(counter.count() - before).toBeGreaterThanOrEqual(2);
  });

  it('--debug logs the calls but never the secret access key or session token', async () => {
    counter.answer(() => ({ status: 200, body: '{"Clusters":[]}' }));
    const secrets = { AWS_SECRET_ACCESS_KEY: 'supersecretvalue123', AWS_SESSION_TOKEN: 'sessiontokenvalue456' };
    for (const secret of Object.values(secrets)) registerTestSecret(secret);
    const before = counter.count();
    const r = await runMemctl(['list', '--debug', '--endpoint-url', counter.url], { env: envWith(secrets), timeoutMs: 15_000 });
    expect(r.code, show(r)).toBe(0);
    expectNoWarnings(r);
    expect(counter.count() - before).toBeGreaterThanOrEqual(1);
    expect(r.stderr).toContain('[debug]');
    expect(r.stderr).toContain('DescribeClusters');
    for (const secret of Object.values(secrets)) {
      expect(r.stdout).not.toContain(secret);
      expect(r.stderr).not.toContain(secret);
    }

    // The failure path with --debug (which may print a stack) leaks nothing either.
    counter.answer(() => awsJsonError('AccessDeniedException', 'not authorized'));
    const failed = await runMemctl(['describe', 'x', '--debug', '--endpoint-url', counter.url], { env: envWith(secrets), timeoutMs: 15_000 });
    expect(failed.code, show(failed)).toBe(4);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('[debug]');
    for (const secret of Object.values(secrets)) expect(failed.stderr).not.toContain(secret);
  });
});

/** An awsQuery error as ElastiCache sends it. */
function queryError(code: string, message: string, status = 400) {
  return {
    status,
    contentType: 'text/xml',
    body: `<ErrorResponse xmlns="http://elasticache.amazonaws.com/doc/2015-02-02/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
  };
}

describe('ElastiCache (awsQuery) failures', () => {
  let counter: FakeAws;
  const TOKEN = 'a-real-looking-token-0123456789';

  beforeAll(async () => {
    counter = await startFakeAws();
    registerTestSecret(TOKEN);
  });

  afterAll(async () => {
    await counter.close();
  });

  it('ReplicationGroupNotFoundFault: exit 3; AccessDenied: exit 4; signed for elasticache', async () => {
    let scope = '';
    counter.answer((_target, req) => {
      // The first call's signature (a second one asks MemoryDB, for a hint).
      if (scope === '') scope = String(req.headers.authorization ?? '');
      return queryError('ReplicationGroupNotFoundFault', 'ReplicationGroup x not found', 404);
    });
    const missing = await runMemctl(['--service', 'elasticache', 'describe', 'x', '--endpoint-url', counter.url], { env: envWith(), timeoutMs: 15_000 });
    expectCleanError(missing, 3, /replication group "x" not found/);
    expect(scope).toMatch(/Credential=x\/\d{8}\/us-east-1\/elasticache\/aws4_request/);
    counter.answer(() => queryError('AccessDenied', 'User: arn:aws:iam::123456789012:user/x is not authorized to perform: elasticache:DescribeReplicationGroups', 403));
    const denied = await runMemctl(['--service', 'elasticache', 'list', '--endpoint-url', counter.url], { env: envWith(), timeoutMs: 15_000 });
    expectCleanError(denied, 4, /not authorized/);
    // MEMCTL_SERVICE picks the service as --service does.
    const viaEnv = await runMemctl(['list', '--endpoint-url', counter.url], { env: envWith({ MEMCTL_SERVICE: 'elasticache' }), timeoutMs: 15_000 });
    expectCleanError(viaEnv, 4, /elasticache:DescribeReplicationGroups/);
  });

  it('--debug shows the CreateReplicationGroup call but never the AUTH token, on the way out or in the error', async () => {
    counter.answer(() => queryError('InvalidParameterCombination', 'a token needs TLS'));
    const r = await runMemctl(['--service', 'elasticache', '--debug', 'create', 'x', '--auth-token-stdin', '--endpoint-url', counter.url], { env: envWith(), timeoutMs: 15_000, input: TOKEN });
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr).toContain('CreateReplicationGroup');
    expect(r.stderr).toContain('"AuthToken":"[REDACTED]"');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});
