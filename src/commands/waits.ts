// The waits commands share: a cluster back to "available", a snapshot "available", a cluster gone.
import type { Context } from '../context.js';
import { startProgress } from '../lib/io/progress.js';
import type { Cluster, ControlPlane, Snapshot } from '../lib/control/model.js';
import { waitFor } from '../lib/control/wait.js';

interface WaitRequest {
  /** e.g. "cluster demo to become available" */
  what: string;
  /** The command that keeps waiting after a timeout or Ctrl-C. */
  resume: string;
  timeoutMs: number;
}

/** "memctl --local ..." when the command ran with --local, so the printed command works as is. */
export function memctlCommand(ctx: Pick<Context, 'local'>, args: string): string {
  return `memctl${ctx.local ? ' --local' : ''} ${args}`;
}

function clusterStatusText(c: Cluster | undefined): string {
  if (c === undefined) return 'gone';
  const progress = (c.pendingUpdates?.Resharding as { SlotMigration?: { ProgressPercentage?: number } } | undefined)?.SlotMigration?.ProgressPercentage;
  return progress === undefined ? c.status : `${c.status}, resharding ${progress}%`;
}

export async function waitForAvailable(ctx: Context, plane: ControlPlane, name: string, request: WaitRequest): Promise<Cluster> {
  const progress = await startProgress(ctx.io, `waiting for ${request.what}`, { quiet: ctx.quiet });
  const cluster = await waitFor<Cluster>({
    poll: () => plane.findCluster(name, { shards: true }),
    done: (c) => c?.status === 'available',
    failed: (c) => (c === undefined ? `cluster ${name} no longer exists` : c.status === 'create-failed' || c.status === 'deleting' ? `cluster ${name} is ${c.status}` : undefined),
    describe: clusterStatusText,
    what: request.what,
    resume: request.resume,
    timeoutMs: request.timeoutMs,
    intervalMs: ctx.pollIntervalMs,
    progress,
    signal: ctx.signal,
  });
  return cluster as Cluster;
}

export async function waitForGone(ctx: Context, plane: ControlPlane, name: string, request: WaitRequest): Promise<void> {
  const progress = await startProgress(ctx.io, `waiting for ${request.what}`, { quiet: ctx.quiet });
  await waitFor<Cluster>({
    poll: () => plane.findCluster(name),
    done: (c) => c === undefined,
    describe: (c) => c?.status ?? 'deleted',
    what: request.what,
    resume: request.resume,
    timeoutMs: request.timeoutMs,
    intervalMs: ctx.pollIntervalMs,
    progress,
    signal: ctx.signal,
  });
}

/** Waits for a snapshot to be available, or (gone: true) to be deleted. */
export async function waitForSnapshot(ctx: Context, plane: ControlPlane, name: string, request: WaitRequest & { gone?: boolean }): Promise<Snapshot | undefined> {
  const progress = await startProgress(ctx.io, `waiting for ${request.what}`, { quiet: ctx.quiet });
  return waitFor<Snapshot>({
    poll: () => plane.findSnapshot(name),
    done: (s) => (request.gone === true ? s === undefined : s?.status === 'available'),
    failed: (s) => (request.gone === true ? undefined : s === undefined ? `snapshot ${name} no longer exists` : s.status === 'failed' ? `snapshot ${name} failed` : undefined),
    describe: (s) => s?.status ?? 'deleted',
    what: request.what,
    resume: request.resume,
    timeoutMs: request.timeoutMs,
    intervalMs: ctx.pollIntervalMs,
    progress,
    signal: ctx.signal,
  });
}
