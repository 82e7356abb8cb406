// E2E: keys scan / get / delete through bin/memctl, against a local 2-shard TLS cluster (--local,
// by cluster name) and a standalone redis-server by redis:// URL, with binary, unicode and
// control-character key names and every value type; bad input exits 2, a missing key exits 3.
import { rmSync } from 'node:fs';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, expectOk, runMemctl, show, type RunResult, parseJson } from '../helpers/cli.js';
import { clusterClient, freePort, tempDir } from '../helpers/local.js';
import { seedKeys, SPECIAL_KEYS, startStandalone, type StandaloneServer } from '../helpers/keys-data.js';

const stateDir = tempDir('e2e-keys');
const home = tempDir('e2e-keys-home');
let env: NodeJS.ProcessEnv;
let server: StandaloneServer;
let cluster: Cluster | undefined;
let clusterKeys = 0;
let standaloneKeys = 0;

const memctl = (args: string[], timeoutMs = 30_000): Promise<RunResult> => runMemctl(args, { env, timeoutMs });

const json = parseJson;

beforeAll(async () => {
  env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) }, home);
  server = await startStandalone();
  standaloneKeys = await seedKeys(server.client, 100);
  const created = await memctl(['--local', 'create', 'kv', '--shards', '2', '--replicas', '0', '--wait', '-o', 'json'], 60_000);
  expectOk(created);
  const port = json<{ endpoint: { port: number } }>(created).endpoint.port;
  cluster = clusterClient(stateDir, port);
  clusterKeys = await seedKeys(cluster, 200);
}, 90_000);

afterAll(async () => {
  cluster?.disconnect();
  await server?.stop();
  const down = await runMemctl(['local', 'down'], { env, timeoutMs: 40_000 });
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  expect(down.code, show(down)).toBe(0);
}, 60_000);

describe('keys scan', () => {
  it('prints one escaped key per line, from every shard', async () => {
    const r = await memctl(['--local', 'keys', 'scan', 'kv']);
    expectOk(r);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(clusterKeys);
    expect(lines).toContain('bin\\xff\\x00\\xfe');
    expect(lines).toContain('ctl:line\\nbreak\\ttab\\x1bescape');
    expect(lines).toContain('ünïcødé:🔑');
    expect(r.stdout).not.toMatch(/\u001b/);
  });

  it('json, ndjson and columns by URL', async () => {
    const j = await memctl(['keys', 'scan', server.url, '-o', 'json', '--match', 'bin*']);
    expectOk(j);
    expect(json<unknown[]>(j)).toEqual([{ key: 'bin\\xff\u0000\\xfe', keyHex: SPECIAL_KEYS.binary.toString('hex'), node: `127.0.0.1:${server.port}` }]);
    const nd = await memctl(['keys', 'scan', server.url, '-o', 'ndjson', '--type', 'string', '--columns', 'ttl,type']);
    expectOk(nd);
    const records = nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { key: string; type: string; ttlMs: number | null });
    expect(records).toHaveLength(standaloneKeys - 5); // all but the hash, list, set, zset and stream
    expect(records.every((x) => x.type === 'string')).toBe(true);
    expect(records.find((x) => x.key === 't:ttl')?.ttlMs).toBeGreaterThan(3_500_000);
    expect(records.find((x) => x.key === SPECIAL_KEYS.control.toString('utf8'))).toBeDefined();
    // --query runs on each ndjson record; -o text with --query prints what the query gives.
    const queried = await memctl(['keys', 'scan', server.url, '-o', 'ndjson', '--match', 't:*', '--columns', 'type', '--query', "type == 'hash' && key || null"]);
    expectOk(queried);
    expect(queried.stdout).toBe('"t:hash"\n');
    const textQuery = await memctl(['keys', 'scan', server.url, '-o', 'text', '--match', 't:hash', '--query', '[].key']);
    expectOk(textQuery);
    expect(textQuery.stdout).toBe('t:hash\n');
    const cols = await memctl(['keys', 'scan', server.url, '--match', 't:list', '--columns', 'type,ttl,memory,length']);
    expectOk(cols);
    expect(cols.stdout).toMatch(/^t:list\tlist\t\t\d+\t150\n$/); // no TTL: an empty field
  });

  it('--limit and --match on the cluster', async () => {
    const limited = await memctl(['--local', 'keys', 'scan', 'kv', '--limit', '7', '-o', 'json']);
    expectOk(limited);
    expect(json<unknown[]>(limited)).toHaveLength(7);
    const bulk = await memctl(['--local', 'keys', 'scan', 'kv', '--match', 't:bulk:*', '-o', 'json', '--query', 'length(@)']);
    expectOk(bulk);
    expect(json<number>(bulk)).toBe(200);
    // Nothing matched, yet both shards were swept: the summary counts the nodes that answered.
    const none = await memctl(['--local', 'keys', 'scan', 'kv', '--match', 'no-such-key:*']);
    expectOk(none);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^0 keys from 2 nodes in /m);
    expect(limited.stderr).toMatch(/^7 keys from [12] nodes? in /m);
  });
});

describe('Ctrl-C', () => {
  it('stops the scan, prints what was gathered, and exits 130', async () => {
    // --max-ops 20 with COUNT 1 makes the scan of ~100 keys take seconds; SIGINT once keys come.
    const r = await runMemctl(['keys', 'scan', server.url, '--count', '1', '--max-ops', '20'], { env, interruptWhen: (seen) => seen.stdoutBytes > 0, timeoutMs: 20_000 });
    expect(r.code, show(r)).toBe(130);
    const lines = r.stdout.trimEnd().split('\n').filter((l) => l !== '');
    expect(lines.length, show(r)).toBeGreaterThan(0);
    expect(lines.length, show(r)).toBeLessThan(standaloneKeys);
    expect(r.stderr).toMatch(/interrupted/);
  });
});

describe('keys get', () => {
  it('shows every type from the owning shard', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['t:string', 'string', 'hello world'],
      ['t:hash', 'hash', [{ field: 'field1', value: 'value1' }, { field: 'field2', value: 'value2' }]],
      ['t:zset', 'zset', [{ member: 'one', score: 1 }, { member: 'two', score: 2.5 }]],
      ['t:stream', 'stream', [{ id: '1-1', fields: { sensor: 'a', value: '1' } }, { id: '1-2', fields: { sensor: 'b', value: '2' } }]],
    ];
    for (const [key, type, value] of cases) {
      const r = await memctl(['--local', 'keys', 'get', 'kv', key, '-o', 'json']);
      expectOk(r);
      expect(json<{ type: string; value: unknown }>(r)).toMatchObject({ type, value });
    }
    const list = await memctl(['--local', 'keys', 'get', 'kv', 't:list', '-o', 'json']);
    expect(json<{ value: string[]; truncated: boolean }>(list)).toMatchObject({ truncated: true, length: 150 });
    const set = await memctl(['keys', 'get', server.url, 't:set', '-o', 'json']);
    expect((json<{ value: string[] }>(set).value).sort()).toEqual(['m1', 'm2', 'm3']);
  });

  it('pretty JSON, hex, truncation and binary key names', async () => {
    const pretty = await memctl(['keys', 'get', server.url, 't:json-string', '-o', 'text']);
    expectOk(pretty);
    expect(pretty.stdout).toContain('"name": "memctl"');
    const hex = await memctl(['keys', 'get', server.url, 't:binary-value', '-o', 'json']);
    expect(json<{ format: string; value: string }>(hex)).toMatchObject({ format: 'hex', value: '0001fffe' });
    const big = await memctl(['keys', 'get', server.url, 't:big', '-o', 'json']);
    expect(json<{ truncated: boolean; note: string }>(big)).toMatchObject({ truncated: true });
    expect(json<{ note: string }>(big).note).toMatch(/--full/);
    const full = await memctl(['keys', 'get', server.url, 't:big', '-o', 'json', '--full']);
    expect(json<{ value: string }>(full).value).toHaveLength(100_000);
    const bin = await memctl(['--local', 'keys', 'get', 'kv', SPECIAL_KEYS.binary.toString('hex'), '--key-hex', '-o', 'json']);
    expectOk(bin);
    expect(json<{ value: string }>(bin).value).toBe('binary name');
    const ctl = await memctl(['--local', 'keys', 'get', 'kv', SPECIAL_KEYS.control.toString('utf8')]);
    expectOk(ctl);
    expect(ctl.stdout).toContain('ctl:line\\nbreak\\ttab\\x1bescape');
    expect(ctl.stdout).not.toMatch(/\u001b/);
  });

  it('takes back every key as keys scan printed it (--key-escaped)', async () => {
    const scanned = await memctl(['--local', 'keys', 'scan', 'kv']);
    expectOk(scanned);
    const printed = scanned.stdout.trimEnd().split('\n').filter((k) => !k.startsWith('t:bulk:'));
    expect(printed).toContain('bin\\xff\\x00\\xfe');
    for (const key of [...printed, 'ctl:line\\nbreak\\ttab\\x1bescape']) {
      const r = await memctl(['--local', 'keys', 'get', 'kv', key, '--key-escaped', '-o', 'json']);
      expectOk(r);
    }
    const bin = await memctl(['--local', 'keys', 'get', 'kv', 'bin\\xff\\x00\\xfe', '--key-escaped', '-o', 'json']);
    expect(json<{ value: string; keyHex: string }>(bin)).toMatchObject({ value: 'binary name', keyHex: SPECIAL_KEYS.binary.toString('hex') });
    expectCleanError(await memctl(['--local', 'keys', 'get', 'kv', 'bad\\q', '--key-escaped']), 2, '--key-escaped');
  });

  it('--raw writes the stored bytes; -o json keeps JSON strings as stored', async () => {
    const raw = await memctl(['keys', 'get', server.url, 't:binary-value', '--raw']);
    expectOk(raw);
    expect(raw.stdoutBytes.equals(Buffer.from([0x00, 0x01, 0xff, 0xfe]))).toBe(true);
    const rawJson = await memctl(['keys', 'get', server.url, 't:json-string', '--raw']);
    expect(rawJson.stdout).toBe('{"name":"memctl","tags":["a","b"]}');
    const big = await memctl(['keys', 'get', server.url, 't:big', '--raw']);
    expect(big.stdoutBytes.length).toBe(100_000);
    const asJson = await memctl(['keys', 'get', server.url, 't:json-string', '-o', 'json']);
    expect(json<{ format: string; value: string }>(asJson)).toMatchObject({ format: 'json', value: '{"name":"memctl","tags":["a","b"]}' });
    expectCleanError(await memctl(['keys', 'get', server.url, 't:hash', '--raw']), 6, 'hash');
    expectCleanError(await memctl(['keys', 'get', server.url, 't:string', '--raw', '--hex']), 2, '--raw');
  });

  it('a missing key exits 3', async () => {
    expectCleanError(await memctl(['--local', 'keys', 'get', 'kv', 'no-such-key']), 3, 'not found');
    expectCleanError(await memctl(['keys', 'get', server.url, 'no-such-key']), 3, 'not found');
  });
});

describe('keys delete', () => {
  it('--dry-run counts per shard, then --yes unlinks', async () => {
    const dry = await memctl(['--local', 'keys', 'delete', 'kv', '--match', 't:bulk:*', '--dry-run', '-o', 'json']);
    expectOk(dry);
    const d = json<{ matched: number; deleted: number; dryRun: boolean; perNode: unknown[] }>(dry);
    expect(d).toMatchObject({ matched: 200, deleted: 0, dryRun: true });
    expect(d.perNode).toHaveLength(2);
    expectCleanError(await memctl(['--local', 'keys', 'delete', 'kv', '--match', 't:bulk:*']), 2, '--yes');
    const del = await memctl(['--local', 'keys', 'delete', 'kv', '--match', 't:bulk:*', '--yes', '--rate', '1000', '-o', 'json']);
    expectOk(del);
    expect(json<{ matched: number; deleted: number }>(del)).toMatchObject({ matched: 200, deleted: 200 });
    const left = await memctl(['--local', 'keys', 'scan', 'kv', '--match', 't:bulk:*']);
    expect(left.stdout).toBe('');
  });

  it('--key deletes named keys, each on its owner, binary names included', async () => {
    await cluster?.set('t:del:a', '1');
    await cluster?.set('t:del:b', '2');
    await cluster?.set(Buffer.from('t:del:\\x41'), 'literal');
    const dry = await memctl(['--local', 'keys', 'delete', 'kv', '--key', 't:del:a', '--key', 't:del:missing', '--dry-run', '-o', 'json']);
    expectOk(dry);
    expect(json<{ matched: number; deleted: number }>(dry)).toMatchObject({ matched: 1, deleted: 0 });
    expectCleanError(await memctl(['--local', 'keys', 'delete', 'kv', '--key', 't:del:a']), 2, '--yes');
    expectCleanError(await memctl(['--local', 'keys', 'delete', 'kv', '--key', 't:del:a', '--match', 'x']), 2, '--key');
    const del = await memctl(['--local', 'keys', 'delete', 'kv', '--key', 't:del:a', '--key', 't:del:b', '--key', 't:del:\\\\x41', '--key-escaped', '--yes', '-o', 'json']);
    expectOk(del);
    expect(json<{ matched: number; deleted: number; perNode: Array<{ deleted: number }> }>(del)).toMatchObject({ matched: 3, deleted: 3 });
    expect(await cluster?.exists('t:del:a')).toBe(0);
    expect(await cluster?.exists('t:del:b')).toBe(0);
    expect(await cluster?.exists(Buffer.from('t:del:\\x41'))).toBe(0);
  });
});

describe('bad input', () => {
  it('exits 2 before connecting', async () => {
    expectCleanError(await memctl(['keys', 'delete', server.url]), 2, '--match');
    expectCleanError(await memctl(['keys', 'scan', server.url, '--columns', 'size']), 2, '--columns');
    expectCleanError(await memctl(['keys', 'scan', server.url, '--type', 'blob']), 2, '--type');
    expectCleanError(await memctl(['keys', 'scan', server.url, '--limit', '0']), 2, '--limit');
    expectCleanError(await memctl(['keys', 'scan', server.url, '--limit', 'ten']), 2, '--limit');
    expectCleanError(await memctl(['keys', 'get', server.url, 'zz', '--key-hex']), 2, '--key-hex');
    expectCleanError(await memctl(['keys', 'get', server.url, 'k', '--range', '1-2']), 2, '--range');
    expectCleanError(await memctl(['keys', 'scan', server.url, '--timeout', '0']), 2, '--timeout');
    expectCleanError(await memctl(['keys', 'delete', server.url, '--match', 'x', '--timeout', 'soon', '--yes']), 2, '--timeout');
    expectCleanError(await memctl(['keys', 'delete', server.url, '--key-hex', '--match', 'x', '--yes']), 2, '--key');
  });
});
