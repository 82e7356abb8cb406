// @ts-nocheck
// E2E: how data-plane commands reach a cluster — --read-from replica, TLS trust (--cacert,
// --insecure, the local CA), and logging in with --user and a password or --iam tokens; with a
// MemoryDB cluster's or an ElastiCache replication group's name as the target.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, registerTestSecret, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { clusterClient, freePort, tempDir } from '../helpers/local.js';
import { SERVICES } from '../helpers/services.js';

interface ClusterJson {
  endpoint: { port: number };
  shards: Array<{ nodes: Array<{ role?: string; endpoint: { port: number } }> }>;
}

const PASSWORD = 'Target-Password-000001';

const json = <T>(r: RunResult): T => {
  expect(r.code, show(r)).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe.each(SERVICES)('data-plane targets ($name)', (svc) => {
  const stateDir = tempDir(`e2e-targets-${svc.name}`);
  let env: NodeJS.ProcessEnv;
  const memctl = (args: string[], extra: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> =>
    runMemctl(args[0] === 'local' || args.some((a) => a.startsWith('rediss://')) ? args : [...svc.local, ...args], { env: { ...env, ...extra.env }, timeoutMs: 120_000, input: extra.input });


  let open: ClusterJson;

  beforeAll(async () => {
    registerTestSecret(PASSWORD);
    env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) });
    open = json<ClusterJson>(await memctl(['-q', 'create', 'open', '--shards', '1', '--replicas', '1', '--wait', '-o', 'json']));
    const redis = clusterClient(stateDir, open.endpoint.port);
    try {
      for (let i = 0; i < 20; i++) await redis.set(`t:${i}`, String(i));
    } finally {
      redis.disconnect();
    }
  });

  afterAll(async () => {
    await memctl(['local', 'down', '-q']);
  });

  describe('targets', () => {
    it('--read-from replica scans the replica instead of the primary', async () => {
      // describe asks the nodes for their roles (create does not).
      const described = json<ClusterJson>(await memctl(['describe', 'open', '-o', 'json']));
      const primary = described.shards[0]?.nodes.find((n) => n.role === 'primary')?.endpoint.port;
      const replica = described.shards[0]?.nodes.find((n) => n.role === 'replica')?.endpoint.port;
      const fromPrimary = json<Array<{ node: string }>>(await memctl(['-q', 'keys', 'scan', 'open', '-o', 'json']));
      const fromReplica = json<Array<{ node: string }>>(await memctl(['-q', 'keys', 'scan', 'open', '--read-from', 'replica', '-o', 'json']));
      expect(fromPrimary).toHaveLength(20);
      expect(fromReplica).toHaveLength(20);
      expect(new Set(fromPrimary.map((k) => k.node))).toEqual(new Set([`127.0.0.1:${primary}`]));
      expect(new Set(fromReplica.map((k) => k.node))).toEqual(new Set([`127.0.0.1:${replica}`]));
      expectCleanError(await memctl(['keys', 'scan', 'open', '--read-from', 'any']), 2, /--read-from/);
    });

    it('TLS: a rediss:// URL needs the CA (--cacert), or --insecure when asked', async () => {
      const url = `rediss://127.0.0.1:${open.endpoint.port}`;
      const untrusted = await memctl(['-q', 'keys', 'scan', url]);
      expectCleanError(untrusted, 1, /TLS/);
      const trusted = await memctl(['-q', 'keys', 'scan', url, '--cacert', join(stateDir, 'tls', 'ca.crt'), '-o', 'json']);
      expect(json<unknown[]>(trusted)).toHaveLength(20);
      const insecure = await memctl(['-q', 'keys', 'scan', url, '--insecure', '-o', 'json']);
      expect(json<unknown[]>(insecure)).toHaveLength(20);
      expectCleanError(await memctl(['-q', 'keys', 'scan', url, '--cacert', '/nonexistent/ca.crt']), 2, /--cacert/);
    });

    it('logs in with --user and a password, or with --iam tokens; refuses anonymous clients', async () => {
      expect((await memctl(['users', 'create', 'reader', '--access-string', 'on ~* +@all', '--password-stdin', '--wait'], { input: PASSWORD })).code).toBe(0);
      expect((await memctl(['users', 'create', 'robot', '--iam', '--access-string', 'on ~* +@all', '--wait'])).code).toBe(0);
      if (svc.name === 'elasticache') {
        // A user group needs a user named default; the built-in one lets anyone in, so replace it.
        expect((await memctl(['-q', 'users', 'create', 'no-default', '--user-name', 'default', '--access-string', 'off -@all', '--generate', '--wait'])).code).toBe(0);
      }
      const members = svc.name === 'memorydb' ? 'reader,robot' : 'reader,robot,no-default';
      expect((await memctl(['acls', 'create', 'locked', '--user', members, '--wait'])).code).toBe(0);
      const locked = json<ClusterJson>(await memctl(['-q', 'create', 'locked', '--shards', '1', '--replicas', '0', '--acl', 'locked', '--wait', '-o', 'json']));
      expect(locked.endpoint.port).toBeGreaterThan(0);
      expectCleanError(await memctl(['-q', 'nodes', 'locked']), 4, /authentication/);
      const withPassword = await memctl(['-q', 'nodes', 'locked', '--user', 'reader', '--password-stdin', '-o', 'json'], { input: PASSWORD });
      expect(json<Array<{ role: string }>>(withPassword)[0]?.role).toBe('primary');
      const wrong = await memctl(['-q', 'nodes', 'locked', '--user', 'reader'], { env: { MEMCTL_PASSWORD: 'Not-The-Password-0000' } });
      expectCleanError(wrong, 4, /authentication/);
      // Locally an IAM user accepts any token (a real Redis cannot check SigV4), so this proves the
      // token path end to end: minted, sent as AUTH robot <token>, accepted.
      const withIam = await memctl(['-q', 'nodes', 'locked', '--user', 'robot', '--iam', '-o', 'json']);
      expect(json<Array<{ role: string }>>(withIam)[0]?.role).toBe('primary');
      expectCleanError(await memctl(['-q', 'nodes', 'locked', '--iam']), 2, /--iam needs --user/);
      for (const r of [withPassword, wrong, withIam]) expect(`${r.stdout}${r.stderr}`).not.toContain(PASSWORD);
    });
  });
});
