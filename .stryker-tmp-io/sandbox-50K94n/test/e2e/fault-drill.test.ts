// @ts-nocheck
// E2E: a small fault drill (bench/fault-drill.mjs, the same script the 50-run figures come from):
// kill -9 of the primary a reshard moves slots to, of the control plane mid-reshard, and of a
// primary mid-snapshot and mid-upgrade (a rolling engine upgrade), with a writer running. Every loaded key and acknowledged write must be
// readable afterwards, no slot left open, the description equal to the live cluster, and no exit 0
// for a change that did not complete.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

interface DrillRun {
  scenario: string;
  victim: string;
  killed?: string;
  exit: number | null;
  error?: string;
  settledStatus?: string;
}

interface DrillResult {
  runs: number;
  totals: Record<string, number>;
  detail: DrillRun[];
}

function drill(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bench', 'fault-drill.mjs'), ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.pid !== undefined && process.kill(child.pid, 'SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('fault drill', () => {
  it('kill -9 mid-reshard (target primary, control plane), mid-snapshot and mid-upgrade loses nothing and never exits 0 falsely', async () => {
    const r = await drill(['--runs', '4', '--keys', '4000', '--plan', 'reshard-up:target:700,reshard-up:plane:700,snapshot:source:30,upgrade:source:1500', '--replicas', '0'], 280_000);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as DrillResult;
    expect(result.runs).toBe(4);
    // Each run really killed a process (not "no node yet").
    for (const run of result.detail) expect(run.killed ?? '', JSON.stringify(run)).toMatch(/control plane|^(target|source) \S+ \(port \d+\)/);
    expect(result.totals, r.stderr).toEqual({
      loadedKeysUnreadable: 0,
      acknowledgedWritesUnreadable: 0,
      acknowledgedWrites: expect.any(Number),
      slotsLeftOpen: 0,
      slotsUncovered: 0,
      describedDiffersFromLive: 0,
      exitZeroButNotDone: 0,
      exitNonZero: expect.any(Number),
      notSettled: 0,
      errors: 0,
      snapshotsStuck: 0,
    });
    expect(result.totals.acknowledgedWrites).toBeGreaterThan(100);
  }, 300_000);
});
