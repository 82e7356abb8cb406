// The small pure helpers of the control layer: maintenance and snapshot windows (minutes of the
// week and day, their overlap), engine version order, which snapshot an export takes, bounded
// waiting with progress, and how adapters call a service (errors, "not found", page tokens).
import { describe, expect, it, vi } from 'vitest';
import { BUSY_STATUSES, type Snapshot } from '../../src/lib/control/model.js';
import { nodeMemoryBytes, nodeTypes } from '../../src/lib/control/node-types.js';
import { ServiceCalls } from '../../src/lib/control/service-calls.js';
import { exportName, exportsToPrune, exportTag, newestSnapshot } from '../../src/lib/control/snapshot-export.js';
import { parseDuration, parseTag, validateSnapshotName, validateWindows } from '../../src/lib/control/validate.js';
import { compareVersions } from '../../src/lib/control/versions.js';
import { waitFor } from '../../src/lib/control/wait.js';
import { maintenanceSpan, MIN_WINDOW_MINUTES, snapshotSpan, windowsOverlap } from '../../src/lib/control/windows.js';
import { InterruptedError, MemctlError, NotFoundError, UsageError, WaitTimeoutError } from '../../src/lib/io/errors.js';
import type { Progress } from '../../src/lib/io/progress.js';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    return `${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
  return 'accepted';
}

describe('windows', () => {
  it('a weekly window is its start in minutes from Sunday 00:00 and its length, across the week end too', () => {
    expect(maintenanceSpan('sun:23:00-mon:01:30')).toEqual([1380, 150]);
    expect(maintenanceSpan('Wed:04:05-wed:05:05')).toEqual([3 * 1440 + 245, 60]);
    expect(maintenanceSpan('sat:23:30-sun:00:30')).toEqual([6 * 1440 + 1410, 60]);
    expect(['mon', 'tue', 'thu', 'fri'].map((d) => (maintenanceSpan(`${d}:00:00-${d}:01:00`) as [number, number])[0])).toEqual([1440, 2880, 4 * 1440, 5 * 1440]);
  });

  it('a daily window is its start in minutes from midnight and its length, across midnight too', () => {
    expect(snapshotSpan('05:10-09:00')).toEqual([310, 230]);
    expect(snapshotSpan('23:30-00:30')).toEqual([1410, 60]);
  });

  it('lasts at least 60 minutes', () => {
    expect(MIN_WINDOW_MINUTES).toBe(60);
    expect(maintenanceSpan('sun:00:00-sun:00:59')).toBe('it lasts 59 minutes; the minimum is 60');
    expect(maintenanceSpan('sun:00:00-sun:00:00')).toBe('it lasts 0 minutes; the minimum is 60');
    expect(snapshotSpan('05:00-05:59')).toBe('it lasts 59 minutes; the minimum is 60');
    expect(snapshotSpan('05:00-06:00')).toEqual([300, 60]);
  });

  it('overlap when any day of the snapshot window meets the weekly one, edges not included', () => {
    const m = maintenanceSpan('tue:03:00-tue:05:00') as [number, number];
    const at = (s: string): boolean => windowsOverlap(m, snapshotSpan(s) as [number, number]);
    expect(at('04:00-05:00')).toBe(true);
    expect(at('02:00-03:30')).toBe(true);
    expect(at('01:00-03:00')).toBe(false);
    expect(at('05:00-06:00')).toBe(false);
    expect(at('04:59-06:00')).toBe(true);
    // Across the end of the week: Saturday 23:00 to Sunday 01:00.
    const late = maintenanceSpan('sat:23:00-sun:01:00') as [number, number];
    expect(windowsOverlap(late, snapshotSpan('00:30-01:30') as [number, number])).toBe(true);
    expect(windowsOverlap(late, snapshotSpan('22:00-23:00') as [number, number])).toBe(false);
    expect(windowsOverlap(late, snapshotSpan('22:30-23:30') as [number, number])).toBe(true);
  });

  it('validateWindows refuses overlapping windows only when both are given and valid', () => {
    expect(refusal(() => validateWindows('tue:03:00-tue:05:00', '04:00-05:00'))).toBe('UsageError: --snapshot-window 04:00-05:00 overlaps --maintenance-window tue:03:00-tue:05:00: pick times that do not overlap');
    expect(refusal(() => validateWindows('tue:03:00-tue:05:00', '05:00-06:00'))).toBe('accepted');
    expect(refusal(() => validateWindows(undefined, '04:00-05:00'))).toBe('accepted');
    expect(refusal(() => validateWindows('tue:03:00-tue:05:00', undefined))).toBe('accepted');
    expect(refusal(() => validateWindows('bad', '04:00-05:00'))).toBe('accepted');
    expect(refusal(() => validateWindows('tue:03:00-tue:05:00', 'bad'))).toBe('accepted');
  });
});

describe('validate, the rest', () => {
  it('snapshot names: 1-255 characters, a letter first, letters, digits, dots and hyphens, no trailing or double hyphen', () => {
    expect(validateSnapshotName('Orders.2024-01-01')).toBe('orders.2024-01-01');
    expect(validateSnapshotName(`a${'b'.repeat(254)}`)).toHaveLength(255);
    const why = (name: string): string => refusal(() => validateSnapshotName(name));
    expect(why('')).toBe('UsageError: invalid snapshot name "": it must have 1-255 characters');
    expect(why(`a${'b'.repeat(255)}`)).toMatch(/it must have 1-255 characters$/);
    expect(why('1abc')).toBe('UsageError: invalid snapshot name "1abc": it must start with a letter');
    expect(why('a1b')).toBe('accepted');
    expect(why('a_b')).toBe('UsageError: invalid snapshot name "a_b": "_" is not allowed (letters, digits, dots and hyphens only)');
    expect(why('ab-')).toBe('UsageError: invalid snapshot name "ab-": no trailing hyphen and no two hyphens in a row');
    expect(why('a--b')).toBe('UsageError: invalid snapshot name "a--b": no trailing hyphen and no two hyphens in a row');
    expect(why('a-b')).toBe('accepted');
  });

  it('durations take decimals of any length; a tag needs a key before its "="', () => {
    expect(parseDuration('--timeout', '1.25h')).toBe(4_500_000);
    expect(refusal(() => parseTag('=value'))).toBe('UsageError: invalid --tag "=value": expected key=value with a key of 1-128 characters');
  });
});

describe('node types and statuses', () => {
  it('have every size of each family, with its memory', () => {
    expect(nodeTypes('memorydb')).toEqual([
      'db.t4g.small', 'db.t4g.medium',
      ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((s) => `db.r6g.${s}`),
      ...['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((s) => `db.r7g.${s}`),
      ...['xlarge', '2xlarge', '4xlarge', '8xlarge'].map((s) => `db.r6gd.${s}`),
    ]);
    expect(nodeMemoryBytes('memorydb', 'db.r6gd.xlarge')).toBe(Math.round(19.93 * 1024 ** 3));
    expect(nodeMemoryBytes('elasticache', 'cache.r7g.16xlarge')).toBe(Math.round(419.09 * 1024 ** 3));
  });

  it('busy statuses are the services\' words for a change under way', () => {
    expect(BUSY_STATUSES).toEqual(['updating', 'modifying', 'snapshotting']);
  });
});

describe('compareVersions', () => {
  it('compares part by part, a missing part counting as 0', () => {
    expect(compareVersions('7.10', '7.9')).toBeGreaterThan(0);
    expect(compareVersions('7.9', '7.10')).toBeLessThan(0);
    expect(compareVersions('7.0', '7')).toBe(0);
    expect(compareVersions('7', '7.0.1')).toBeLessThan(0);
    expect(compareVersions('7.2.1', '7.2')).toBeGreaterThan(0);
    expect(compareVersions('6.2', '7.0')).toBe(-1);
    expect(compareVersions('7.1.5', '7.1.2')).toBe(3);
    expect(compareVersions('7.1', '7.1')).toBe(0);
  });
});

describe('snapshot exports', () => {
  const snap = (name: string, at: number | undefined, extra: Partial<Snapshot> = {}): Snapshot =>
    ({ service: 'memorydb', name, status: 'available', source: 'automated', clusterName: 'orders', ...(at === undefined ? {} : { createdAt: new Date(at) }), ...extra }) as Snapshot;

  it('names the tag and the export', () => {
    expect(exportTag('my-bucket')).toBe('memctl:export:my-bucket');
    expect(exportName('Nightly-', snap('Orders.Snap', 1))).toBe('nightly-orders.snap');
  });

  it('takes the newest available snapshot of the cluster from the source asked for', () => {
    const all = [
      snap('a', 1000),
      snap('b', 3000),
      snap('c', 4000, { status: 'creating' }),
      snap('d', 5000, { clusterName: 'other' }),
      snap('e', 2000, { source: 'manual' }),
      snap('f', undefined),
    ];
    expect(newestSnapshot(all, 'orders', 'automated')?.name).toBe('b');
    expect(newestSnapshot(all, 'orders', 'manual')?.name).toBe('e');
    expect(newestSnapshot(all, 'orders', 'any')?.name).toBe('b');
    expect(newestSnapshot([snap('f', undefined), snap('g', 10)], 'orders', 'any')?.name).toBe('g');
    expect(newestSnapshot([snap('g', 10), snap('f', undefined)], 'orders', 'any')?.name).toBe('g');
    expect(newestSnapshot(all, 'nope', 'any')).toBeUndefined();
  });

  it('leaves out the copies earlier exports made (named like another snapshot\'s export)', () => {
    const source = snap('orders-1', 1000);
    const copy = snap('x-orders-1', 2000, { source: 'manual' });
    expect(newestSnapshot([source, copy], 'orders', 'any', 'x-')?.name).toBe('orders-1');
    expect(newestSnapshot([source, copy], 'orders', 'any')?.name).toBe('x-orders-1');
  });

  it('prunes the exports beyond the newest `keep`', () => {
    // Snapshots without a time count as the oldest, wherever they are in the list.
    const exported = [snap('d', undefined), snap('a', 1000), snap('b', 3000), snap('c', 2000), snap('e', undefined)].map((snapshot) => ({ snapshot, name: `x-${snapshot.name}` }));
    expect(exportsToPrune(exported, 2).map((e) => e.name)).toEqual(['x-a', 'x-d', 'x-e']);
    expect(exportsToPrune(exported, 0).map((e) => e.name)).toEqual(['x-b', 'x-c', 'x-a', 'x-d', 'x-e']);
    expect(exported.map((e) => e.name)).toEqual(['x-d', 'x-a', 'x-b', 'x-c', 'x-e']);
  });
});

/** A progress that records what it is told. */
function recorder(): Progress & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    update: (text, status) => void log.push(`update ${text} [${String(status)}]`),
    succeed: (text) => void log.push(`succeed ${text}`),
    fail: (text) => void log.push(`fail ${text}`),
    note: (text) => void log.push(`note ${text}`),
    stop: () => void log.push('stop'),
  };
}

describe('waitFor', () => {
  const base = { what: 'cluster demo to become available', resume: 'memctl create demo --wait', timeoutMs: 5000, intervalMs: 1, describe: (v: string | undefined) => v ?? 'gone' };

  it('polls until done, showing each state, and says what it waited for', async () => {
    const states = ['creating', 'creating', 'available'];
    const progress = recorder();
    const value = await waitFor<string>({ ...base, progress, poll: async () => states.shift(), done: (v) => v === 'available' });
    expect(value).toBe('available');
    expect(progress.log).toEqual(['update waiting for cluster demo to become available: creating (0s) [creating]', 'update waiting for cluster demo to become available: creating (0s) [creating]', 'succeed cluster demo is available (0s)']);
    const gone = recorder();
    expect(await waitFor<string>({ ...base, what: 'cluster demo to be deleted', progress: gone, poll: async () => undefined, done: (v) => v === undefined })).toBeUndefined();
    expect(gone.log).toEqual(['succeed cluster demo is deleted (0s)']);
  });

  it('fails at once on a state that will never be done', async () => {
    const progress = recorder();
    let polls = 0;
    const run = waitFor<string>({ ...base, progress, poll: async () => ((polls += 1), 'create-failed'), done: () => false, failed: (v) => (v === 'create-failed' ? 'cluster demo failed to create' : undefined) });
    await expect(run).rejects.toThrow(MemctlError);
    await expect(run).rejects.toMatchObject({ message: 'cluster demo failed to create', exitCode: 1 });
    expect([polls, progress.log]).toEqual([1, ['fail cluster demo failed to create']]);
  });

  it('gives up after the timeout with how to keep waiting (exit 5)', async () => {
    const progress = recorder();
    const started = Date.now();
    const run = waitFor<string>({ ...base, timeoutMs: 40, intervalMs: 10, progress, poll: async () => 'creating', done: () => false });
    await expect(run).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(run).rejects.toMatchObject({ message: 'timed out after 0s waiting for cluster demo to become available (last status: creating); the operation goes on in the service', hint: 'keep waiting with: memctl create demo --wait' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(progress.log.at(-1)).toBe('fail timed out waiting for cluster demo to become available');
    expect(progress.log.filter((l) => l.startsWith('update')).length).toBeGreaterThanOrEqual(3);
  });

  it('says the timeout in whole seconds, rounded', async () => {
    vi.useFakeTimers();
    try {
      const long = waitFor<string>({ ...base, timeoutMs: 1500, intervalMs: 2000, progress: recorder(), poll: async () => 'creating', done: () => false });
      const settled = long.catch((err: unknown) => err);
      await vi.advanceTimersByTimeAsync(1500);
      expect(String(await settled)).toMatch(/^WaitTimeoutError: timed out after 2s waiting/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits on with a signal that is not aborted', async () => {
    const states = ['creating', 'available'];
    const value = await waitFor<string>({ ...base, signal: new AbortController().signal, progress: recorder(), poll: async () => states.shift(), done: (v) => v === 'available' });
    expect(value).toBe('available');
  });

  it('stops on Ctrl-C, saying the operation goes on', async () => {
    const controller = new AbortController();
    const progress = recorder();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    const run = waitFor<string>({ ...base, intervalMs: 10_000, signal: controller.signal, progress, poll: async () => 'creating', done: () => false });
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    await expect(run).rejects.toMatchObject({ message: 'stopped waiting for cluster demo to become available; the operation goes on in the service', hint: 'keep waiting with: memctl create demo --wait' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(progress.log.at(-1)).toBe('stop');
  });
});

describe('ServiceCalls', () => {
  const named = (name: string, message = name): Error => Object.assign(new Error(message), { name });

  it('turns a failure into a memctl error that says what was being done', async () => {
    const calls = new ServiceCalls('http://127.0.0.1:1');
    expect(await calls.call('describing cluster demo', async () => 42)).toBe(42);
    const refused = calls.call('describing cluster demo', async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })));
    await expect(refused).rejects.toMatchObject({ message: 'cannot reach http://127.0.0.1:1 while describing cluster demo: connection refused' });
  });

  it('find: the expected "not found" is undefined; other errors are thrown as memctl errors', async () => {
    const calls = new ServiceCalls(undefined);
    expect(await calls.find('describing user app', 'UserNotFoundFault', async () => Promise.reject(named('UserNotFoundFault')))).toBeUndefined();
    expect(await calls.find('describing user app', 'UserNotFoundFault', async () => 'app')).toBe('app');
    const other = calls.find('describing user app', 'UserNotFoundFault', async () => Promise.reject(named('ClusterNotFoundFault', 'Cluster x not found')));
    await expect(other).rejects.toBeInstanceOf(NotFoundError);
    await expect(other).rejects.toMatchObject({ message: expect.stringContaining('describing user app') as unknown });
  });

  it('pages: follows the token until it is absent or empty, and gives up after 10,000 pages', async () => {
    const calls = new ServiceCalls(undefined);
    const tokens: Array<string | undefined> = [];
    const pages = await calls.pages(
      'listing',
      async (token) => (tokens.push(token), token === undefined ? { items: [1], next: 'a' } : token === 'a' ? { items: [2], next: '' } : { items: [3], next: undefined }),
      (p) => p.next,
    );
    expect(pages.map((p) => p.items)).toEqual([[1], [2]]);
    expect(tokens).toEqual([undefined, 'a']);
    let n = 0;
    const endless = calls.pages('listing snapshots', async () => ((n += 1), { next: 'more' }), (p) => p.next);
    await expect(endless).rejects.toThrow('listing snapshots: gave up after 10000 pages');
    expect(n).toBe(10_000);
    const failing = calls.pages('listing', async () => Promise.reject(named('AccessDeniedException', 'not allowed')), () => undefined);
    await expect(failing).rejects.toMatchObject({ exitCode: 4 });
  });
});
