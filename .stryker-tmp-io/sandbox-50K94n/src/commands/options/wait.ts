// @ts-nocheck
// The waits commands share: a cluster back to "available", a snapshot "available", a cluster gone.
import type { Context } from '../../context.js';
import { startProgress } from '../../lib/io/progress.js';
import type { Acl, Cluster, ControlPlane, Snapshot, User } from '../../lib/control/model.js';
import { waitFor, type WaitOptions } from '../../lib/control/wait.js';
import { parsePositiveDuration } from '../../lib/control/validate.js';
import { ExitCode, MemctlError } from '../../lib/io/errors.js';
import { clusterNoun } from './service.js';

interface WaitRequest {
  /** e.g. "cluster demo to become available" */
  what: string;
  /** The command that keeps waiting after a timeout or Ctrl-C. */
  resume: string;
  timeoutMs: number;
}

/** "memctl --local ..." (and --service elasticache) as the command ran, so the printed command works as is. */
export function memctlCommand(ctx: Pick<Context, 'local'> & Partial<Pick<Context, 'service'>>, args: string): string {
  return `memctl${ctx.service === 'elasticache' ? ' --service elasticache' : ''}${ctx.local ? ' --local' : ''} ${args}`;
}

function clusterStatusText(c: Cluster | undefined): string {
  if (c === undefined) return 'gone';
  const progress = (c.pendingUpdates?.Resharding as { SlotMigration?: { ProgressPercentage?: number } } | undefined)?.SlotMigration?.ProgressPercentage;
  return progress === undefined ? c.status : `${c.status}, resharding ${progress}%`;
}

/** One bounded wait with progress, filled in with the context's poll interval and Ctrl-C signal. */
async function waitWith<T>(
  ctx: Context,
  request: WaitRequest,
  check: Pick<WaitOptions<T>, 'poll' | 'done' | 'failed' | 'describe'>,
): Promise<T | undefined> {
  const progress = await startProgress(ctx.io, `waiting for ${request.what}`, { quiet: ctx.quiet });
  return waitFor<T>({ ...check, ...request, intervalMs: ctx.pollIntervalMs, progress, signal: ctx.signal });
}

export async function waitForAvailable(ctx: Context, plane: ControlPlane, name: string, request: WaitRequest): Promise<Cluster> {
  const noun = clusterNoun(plane.service);
  const cluster = await waitWith<Cluster>(ctx, request, {
    poll: () => plane.findCluster(name, { shards: true }),
    done: (c) => c?.status === 'available',
    failed: (c) => (c === undefined ? `${noun} ${name} no longer exists` : c.status === 'create-failed' || c.status === 'deleting' ? `${noun} ${name} is ${c.status}` : undefined),
    describe: clusterStatusText,
  });
  return cluster as Cluster;
}

export async function waitForGone(ctx: Context, plane: ControlPlane, name: string, request: WaitRequest): Promise<void> {
  await waitWith<Cluster>(ctx, request, {
    poll: () => plane.findCluster(name),
    done: (c) => c === undefined,
    // A deletion the service stopped (its final snapshot failed) leaves the cluster as it was.
    failed: (c) => (c !== undefined && c.status !== 'deleting' ? `the deletion of ${clusterNoun(plane.service)} ${name} stopped: it is ${c.status} again` : undefined),
    describe: (c) => c?.status ?? 'deleted',
  });
}

/** Waits for a snapshot to be available, or (gone: true) to be deleted. */
export async function waitForSnapshot(ctx: Context, plane: ControlPlane, name: string, request: WaitRequest & { gone?: boolean }): Promise<Snapshot | undefined> {
  const { gone, ...wait } = request;
  return waitWith<Snapshot>(ctx, wait, {
    poll: () => plane.findSnapshot(name),
    done: (s) => (gone === true ? s === undefined : s?.status === 'available'),
    failed: (s) => (gone === true ? undefined : s === undefined ? `snapshot ${name} no longer exists` : s.status === 'failed' ? `snapshot ${name} failed` : undefined),
    describe: (s) => s?.status ?? 'deleted',
  });
}

/** Waits for a user (or, with acl: true, an ACL) to be active again after a change. */
export async function waitForUser(ctx: Context, plane: ControlPlane, name: string, request: WaitRequest): Promise<User> {
  const user = await waitWith<User>(ctx, request, {
    poll: () => plane.findUser(name),
    done: (u) => u?.status === 'active',
    failed: (u) => (u === undefined ? `user ${name} no longer exists` : undefined),
    describe: (u) => u?.status ?? 'gone',
  });
  return user as User;
}

export async function waitForAcl(ctx: Context, plane: ControlPlane, name: string, request: WaitRequest): Promise<Acl> {
  const acl = await waitWith<Acl>(ctx, request, {
    poll: () => plane.findAcl(name),
    done: (a) => a?.status === 'active',
    failed: (a) => (a === undefined ? `ACL ${name} no longer exists` : undefined),
    describe: (a) => a?.status ?? 'gone',
  });
  return acl as Acl;
}

/** --timeout, or the operation's default on AWS (two minutes is plenty locally). */
export function waitTimeoutMs(ctx: Pick<Context, 'local'>, flag: string | undefined, awsDefaultMs: number): number {
  if (flag !== undefined) return parsePositiveDuration('--timeout', flag);
  return ctx.local ? 120_000 : awsDefaultMs;
}

/**
 * What the service said went wrong with a cluster since `since` (its events that report a failure,
 * newest last), for the message of a change that did not end as asked.
 */
export async function failureEvents(plane: ControlPlane, name: string, since: Date): Promise<string[]> {
  try {
    const events = await plane.listEvents({ sourceName: name, since });
    return events.map((e) => e.message).filter((m) => /\bfailed\b|rolled back|gave up|could not|not whole/i.test(m) && !/^Repaired/.test(m));
  } catch {
    return [];
  }
}

/** The error of a change that ended, but not as asked: what happened, and the state it is in. */
export async function changeDidNotFinish(ctx: Context, plane: ControlPlane, cluster: Cluster, since: Date, what: string, state: string): Promise<MemctlError> {
  const said = await failureEvents(plane, cluster.name, since);
  const detail = said.length === 0 ? '' : `; the service reported: ${said.slice(-3).join(' | ')}`;
  return new MemctlError(`${what} did not finish: ${clusterNoun(plane.service)} ${cluster.name} ${state}${detail}`, ExitCode.failure, {
    hint: `see ${memctlCommand(ctx, `events --cluster ${cluster.name}`)}`,
  });
}
