// @ts-nocheck
// E2E: users, ACLs (ElastiCache: user groups), zero-downtime password rotation and IAM tokens
// through bin/memctl against the local control plane, for both services; every password used is
// checked to appear nowhere it should not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster as RedisCluster } from 'ioredis';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, expectCleanError, expectOk, registerTestSecret, runMemctl, show, type RunResult } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';
import { findSecrets } from '../helpers/secrets.js';
import { SERVICES } from '../helpers/services.js';

// Passwords the tests use: none may ever appear in output, logs or the state directory.
const PW1 = 'first-Password-0001!';
const PW2 = 'second-Password-0002?';
const PW3 = 'third-Password-0003#';
const PW4 = 'fourth-Password-0004%';
const USED = [PW1, PW2, PW3, PW4];

interface UserJson {
  name: string;
  status: string;
  authentication: string;
  passwordCount?: number;
  acls: string[];
  password?: string;
}

const json = <T>(r: RunResult): T => {
  expect(r.code, show(r)).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe.each(SERVICES)('users and access ($name)', (svc) => {
  const stateDir = tempDir(`e2e-users-${svc.name}`);
  let env: NodeJS.ProcessEnv;
  const outputs: string[] = [];
  const memctl = async (args: string[], extra: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> => {
    const r = await runMemctl(args[0] === 'local' ? args : [...svc.local, ...args], { env: { ...env, ...extra.env }, timeoutMs: 120_000, input: extra.input });
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  let port = 0;

  function client(user: string, password: string): RedisCluster {
    const c = new RedisCluster([{ host: '127.0.0.1', port }], {
      redisOptions: { tls: { ca: readFileSync(join(stateDir, 'tls', 'ca.crt')) }, username: user, password, connectTimeout: 2000 },
      clusterRetryStrategy: () => null,
      slotsRefreshTimeout: 3000,
    });
    c.on('error', () => undefined);
    return c;
  }

  async function canWrite(user: string, password: string): Promise<boolean> {
    const c = client(user, password);
    try {
      await c.set(`users:${user}`, 'x');
      return true;
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  }

  beforeAll(async () => {
    for (const pw of USED) registerTestSecret(pw);
    env = cleanEnv({ MEMCTL_LOCAL_DIR: stateDir, MEMCTL_LOCAL_PORT: String(await freePort()) });
  });

  afterAll(async () => {
    await memctl(['local', 'down', '-q']);
    // The whole state directory (state.json, aclfiles, AOF, logs) and every output of this file.
    const found = findSecrets(stateDir, USED, outputs);
    expect(found, `passwords found: ${found.map((f) => `#${f.secret} in ${f.where}`).join(', ')}`).toEqual([]);
  });

  describe('users and ACLs', () => {
    it('creates users from stdin, a file-less env var and --generate, never printing a given password', async () => {
      const app = json<UserJson>(await memctl(['users', 'create', 'app', '--access-string', 'on ~* +@all', '--password-stdin', '--wait', '-o', 'json'], { input: `${PW1}\n` }));
      expect(app).toMatchObject({ name: 'app', status: 'active', authentication: 'password', passwordCount: 1 });
      expect(app.password).toBeUndefined();
      const viaEnv = json<UserJson>(await memctl(['users', 'create', 'reader', '--access-string', 'on ~* +@read', '-o', 'json'], { env: { MEMCTL_PASSWORD: PW3 } }));
      expect(viaEnv.passwordCount).toBe(1);
      const generated = await memctl(['users', 'create', 'gen', '--access-string', 'on ~gen:* +@all', '--generate', '-o', 'json']);
      const gen = json<UserJson>(generated);
      expect(gen.password).toMatch(/^[\x21-\x7e]{32}$/);
      // Shown once: describe never shows it again.
      const described = await memctl(['users', 'describe', 'gen', '-o', 'json']);
      expect(described.stdout).not.toContain(gen.password as string);
      const iam = json<UserJson>(await memctl(['users', 'create', 'robot', '--iam', '--access-string', 'on ~* +@read', '-o', 'json']));
      expect(iam.authentication).toBe('iam');
      const listed = json<UserJson[]>(await memctl(['users', 'list', '-o', 'json']));
      expect(listed.map((u) => u.name).sort()).toEqual(['app', 'default', 'gen', 'reader', 'robot']);
    });

    it('refuses bad input with exit 2: access strings, names, passwords, missing passwords', async () => {
      expectCleanError(await memctl(['users', 'create', 'x1', '--access-string', 'on >secretpassword +@all', '--password-stdin'], { input: PW1 }), 2, /access string/);
      expectCleanError(await memctl(['users', 'create', 'x1', '--access-string', 'on ~* +notacommand', '--password-stdin'], { input: PW1 }), 2, /notacommand/);
      expectCleanError(await memctl(['users', 'create', 'x1', '--access-string', 'reset on', '--password-stdin'], { input: PW1 }), 2, /reset/);
      expectCleanError(await memctl(['users', 'create', 'Bad_Name', '--access-string', 'on', '--password-stdin'], { input: PW1 }), 2, /user name/);
      const short = await memctl(['users', 'create', 'x1', '--access-string', 'on ~* +@all', '--password-stdin'], { input: 'short' });
      expectCleanError(short, 2, /16/);
      expectCleanError(await memctl(['users', 'create', 'x1', '--access-string', 'on ~* +@all']), 2, /no password/);
      expectCleanError(await memctl(['users', 'create', 'app', '--access-string', 'on ~* +@all', '--password-stdin'], { input: PW2 }), 6, /already exists/);
    });

    it('an ACL on a cluster: only its users log in, on every node', async () => {
      const created = await memctl(['acls', 'create', 'app-acl', '--user', 'app,reader', '--wait', '-o', 'json']);
      const acl = json<{ name: string; users: string[] }>(created);
      if (svc.name === 'memorydb') {
        expect(acl.users.sort()).toEqual(['app', 'reader']);
      } else {
        // A user group must hold a user named default: memctl adds the built-in one and says so.
        expect(acl.users.sort()).toEqual(['app', 'default', 'reader']);
        expect(created.stderr).toContain('added the built-in user default to user group app-acl');
      }
      const cluster = json<{ acl: string; endpoint: { port: number } }>(await memctl(['-q', 'create', 'secure', '--shards', '2', '--replicas', '1', '--acl', 'app-acl', '--wait', '-o', 'json']));
      expect(cluster.acl).toBe('app-acl');
      port = cluster.endpoint.port;
      expect(await canWrite('app', PW1)).toBe(true);
      expect(await canWrite('app', PW2)).toBe(false);
      // memctl still reads node roles on a cluster that refuses anonymous clients.
      const described = json<{ shards: Array<{ nodes: Array<{ role?: string }> }> }>(await memctl(['describe', 'secure', '-o', 'json']));
      expect(described.shards.flatMap((s) => s.nodes.map((n) => n.role)).sort()).toEqual(['primary', 'primary', 'replica', 'replica']);
      expect(await canWrite('reader', PW3)).toBe(false); // +@read only
      expectCleanError(await memctl(['acls', 'delete', 'app-acl', '--yes']), 6, /attached/);
      if (svc.name === 'memorydb') expectCleanError(await memctl(['acls', 'delete', 'open-access', '--yes']), 2, /built-in/);
      expectCleanError(await memctl(['acls', 'update', 'app-acl', '--remove', 'reader']), 2, /--yes/);
    });
  });

  describe('rotate-password', () => {
    it('phase one adds the new password everywhere, phase two removes the old one; each is idempotent', async () => {
      const phase1 = json<{ phase: string; action: string; passwordCount: number; nodes: number; verification: Array<{ current: string; next: string }> }>(
        await memctl(['users', 'rotate-password', 'app', '--password-stdin', '-o', 'json'], { input: PW2, env: { MEMCTL_CURRENT_PASSWORD: PW1 } }),
      );
      expect(phase1).toMatchObject({ phase: 'one', action: 'updated', passwordCount: 2, nodes: 4 });
      expect(phase1.verification.every((v) => v.current === 'accepted' && v.next === 'accepted')).toBe(true);
      expect(await canWrite('app', PW1)).toBe(true);
      expect(await canWrite('app', PW2)).toBe(true);

      const again = json<{ action: string }>(await memctl(['users', 'rotate-password', 'app', '--password-stdin', '-o', 'json'], { input: PW2, env: { MEMCTL_CURRENT_PASSWORD: PW1 } }));
      expect(again.action).toBe('already-done');

      expectCleanError(await memctl(['users', 'rotate-password', 'app', '--finish', '--password-stdin'], { input: PW2, env: { MEMCTL_CURRENT_PASSWORD: PW1 } }), 2, /--yes/);
      const phase2 = json<{ phase: string; passwordCount: number; verification: Array<{ current: string; next: string }> }>(
        await memctl(['--yes', 'users', 'rotate-password', 'app', '--finish', '--password-stdin', '-o', 'json'], { input: PW2, env: { MEMCTL_CURRENT_PASSWORD: PW1 } }),
      );
      expect(phase2).toMatchObject({ phase: 'two', passwordCount: 1 });
      expect(phase2.verification.every((v) => v.current === 'refused' && v.next === 'accepted')).toBe(true);
      expect(await canWrite('app', PW1)).toBe(false);
      expect(await canWrite('app', PW2)).toBe(true);
      const finishedAgain = json<{ action: string }>(
        await memctl(['--yes', 'users', 'rotate-password', 'app', '--finish', '--password-stdin', '-o', 'json'], { input: PW2, env: { MEMCTL_CURRENT_PASSWORD: PW1 } }),
      );
      expect(finishedAgain.action).toBe('already-done');
    });

    it('refuses with exit 6 when two other passwords exist, unless told to replace them; wrong current password exits 4', async () => {
      // app now has PW2 only; give it a second password it does not know about.
      expectOk(await memctl(['users', 'update', 'app', '--password-stdin', '--wait'], { input: PW2, env: { MEMCTL_PASSWORD_2: PW3 } }));
      const updated = json<UserJson>(await memctl(['users', 'describe', 'app', '-o', 'json']));
      expect(updated.passwordCount).toBe(2);
      const refused = await memctl(['-q', 'users', 'rotate-password', 'app', '--password-stdin'], { input: PW4, env: { MEMCTL_CURRENT_PASSWORD: PW2 } });
      expectCleanError(refused, 6, /already has two passwords/);
      const wrong = await memctl(['-q', 'users', 'rotate-password', 'app', '--password-stdin', '--replace-existing'], { input: PW4, env: { MEMCTL_CURRENT_PASSWORD: PW1 } });
      expectCleanError(wrong, 4, /refused/);
      const replaced = json<{ passwordCount: number }>(
        await memctl(['users', 'rotate-password', 'app', '--password-stdin', '--replace-existing', '-o', 'json'], { input: PW4, env: { MEMCTL_CURRENT_PASSWORD: PW2 } }),
      );
      expect(replaced.passwordCount).toBe(2);
      expect(await canWrite('app', PW3)).toBe(false);
      expect(await canWrite('app', PW4)).toBe(true);
    });

    it('--debug never shows a password', async () => {
      const r = await memctl(['--debug', 'users', 'update', 'reader', '--password-stdin', '--wait'], { input: PW1 });
      expect(r.code, show(r)).toBe(0);
      expect(r.stderr).toContain('[debug]');
      expect(r.stderr).toContain(svc.updateUserOperation);
      for (const pw of USED) expect(r.stderr).not.toContain(pw);
    });
  });

  describe('IAM tokens', () => {
    it('prints a SigV4 presigned connect token for the cluster and user', async () => {
      const r = json<{ token: string; user: string; expiresAt: string }>(await memctl(['auth', 'token', 'secure', '--user', 'robot', '-o', 'json']));
      expect(r.token).toMatch(new RegExp(`^secure/\\?Action=connect&User=robot&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=local%2F\\d{8}%2Fus-east-1%2F${svc.name}%2Faws4_request`));
      expect(r.token).toMatch(/X-Amz-Expires=900/);
      expect(r.token).toMatch(/X-Amz-Signature=[0-9a-f]{64}$/);
      expect(Date.parse(r.expiresAt) - Date.now()).toBeGreaterThan(800_000);
      expectCleanError(await memctl(['auth', 'token', 'secure']), 2, /--user/);
    });
  });

  describe('cleanup', () => {
    it('attaching another ACL (open-access; ElastiCache: a group of default alone) frees the first; ACL and users can then be deleted', async () => {
      const fallback = svc.name === 'memorydb' ? 'open-access' : 'fallback';
      if (svc.name === 'elasticache') expectOk(await memctl(['-q', 'acls', 'create', fallback, '--wait']));
      const c = json<{ acl: string }>(await memctl(['--yes', '-q', 'acls', 'attach', fallback, 'secure', '--wait', '-o', 'json']));
      expect(c.acl).toBe(fallback);
      expectOk(await memctl(['--yes', 'acls', 'delete', 'app-acl']));
      expectOk(await memctl(['--yes', 'users', 'delete', 'app']));
      expectCleanError(await memctl(['users', 'describe', 'app']), 3, /not found/);
    });
  });
});
