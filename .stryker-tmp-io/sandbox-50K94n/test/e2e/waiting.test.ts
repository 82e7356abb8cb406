// @ts-nocheck
// E2E, for both services: bounded waiting. A wait that times out exits 5 and says how to keep waiting; Ctrl-C while
// waiting exits 130 and leaves the operation running; the resume command finishes the job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, expectOk, runMemctl, type RunOptions } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';
import { SERVICES } from '../helpers/services.js';

describe.each(SERVICES)('waits and retries ($name)', (svc) => {
  let env: NodeJS.ProcessEnv;
  const memctl = (args: string[], extra: Partial<RunOptions> = {}) => runMemctl(args[0] === 'local' ? args : [...svc.local, ...args], { env, timeoutMs: 60_000, ...extra });

  beforeAll(async () => {
    // A long "creating" phase, so waits can be cut short deterministically.
    env = cleanEnv({ MEMCTL_LOCAL_DIR: tempDir(`e2e-wait-${svc.name}`), MEMCTL_LOCAL_PORT: String(await freePort()) });
    expectOk(await memctl(['local', 'up', '-q', '--create-delay-ms', '4000', '-o', 'json']));
  });

  afterAll(async () => {
    await memctl(['local', 'down', '-q']);
  });

  describe('retries', () => {
    it('memctl rides through injected throttling, HTTP 500 and APICallRateForCustomerExceeded', async () => {
      const on = await memctl(['local', 'faults', '--fault-rate', '0.5', '--fault-kinds', 'throttling,server-error,rate-exceeded', '-o', 'json']);
      expectOk(on);
      expect(JSON.parse(on.stdout)).toEqual({ rate: 0.5, kinds: ['throttling', 'server-error', 'rate-exceeded'] });
      try {
        for (let i = 0; i < 6; i++) {
          const r = await memctl(['list', '-o', 'json']);
          expectOk(r);
          expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
        }
        const status = await memctl(['local', 'status', '-o', 'json', '--query', 'faults.injected']);
        expect(JSON.parse(status.stdout)).toBeGreaterThanOrEqual(5);
      } finally {
        expectOk(await memctl(['local', 'faults', '--fault-rate', '0']));
      }
    });
  });

  describe('waiting', () => {
    it('a wait that times out exits 5, says how to keep waiting, and the resume command finishes it', async () => {
      const r = await memctl(['-q', 'create', 'slow', '--shards', '1', '--replicas', '0', '--wait', '--timeout', '1s']);
      const message = expectCleanError(r, 5, new RegExp(`timed out after 1s waiting for ${svc.noun} slow to become available`));
      expect(message).toContain('the operation goes on');
      expect(r.stderr).toContain(`hint: keep waiting with: memctl ${svc.local.join(' ')} create slow --if-not-exists --wait`);
      const resumed = await memctl(['create', 'slow', '--if-not-exists', '--wait', '-o', 'json', '--query', 'status']);
      expectOk(resumed);
      expect(JSON.parse(resumed.stdout)).toBe('available');
    });

    it('Ctrl-C while waiting exits 130 and leaves the creation running in the service', async () => {
      const r = await memctl(['create', 'ctrlc', '--shards', '1', '--replicas', '0', '--wait'], { interruptAfterMs: 1500 });
      expect(r.code, r.stderr).toBe(130);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`memctl: stopped waiting for ${svc.noun} ctrlc to become available; the operation goes on in the service`);
      expect(r.stderr).toContain(`hint: keep waiting with: memctl ${svc.local.join(' ')} create ctrlc --if-not-exists --wait`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      const after = await memctl(['describe', 'ctrlc', '-o', 'json', '--query', 'status']);
      expectOk(after);
      expect(['creating', 'available']).toContain(JSON.parse(after.stdout));
    });

    it('a name only the other service has: exit 3 saying which service has it and the flag to use', async () => {
      const otherFlags = svc.name === 'memorydb' ? ['--service', 'elasticache', '--local'] : ['--local'];
      const noun = svc.name === 'memorydb' ? 'replication group' : 'cluster';
      const r = await runMemctl([...otherFlags, 'describe', 'ctrlc'], { env, timeoutMs: 30_000 });
      const message = expectCleanError(r, 3, new RegExp(`${noun} "ctrlc" not found in (MemoryDB|ElastiCache); (MemoryDB|ElastiCache) has a ${svc.noun} of that name`));
      expect(message).toBeDefined();
      expect(r.stderr).toContain(`hint: add --service ${svc.name} (or set MEMCTL_SERVICE=${svc.name})`);
      const bench = await runMemctl([...otherFlags, 'bench', 'ctrlc', '--requests', '10'], { env, timeoutMs: 30_000 });
      expectCleanError(bench, 3, /has a .* of that name/);
    });

    it('delete --wait on one already deleting just waits for it to go', async () => {
      const first = await memctl(['delete', 'slow', '--yes', '-o', 'json', '--query', 'status']);
      expectOk(first);
      expect(JSON.parse(first.stdout)).toBe('deleting');
      const second = await memctl(['delete', 'slow', '--yes', '--wait', '-o', 'json', '--query', 'status']);
      expect([0, 3]).toContain(second.code);
      if (second.code === 0) expect(JSON.parse(second.stdout)).toBe('deleted');
    });
  });
});
