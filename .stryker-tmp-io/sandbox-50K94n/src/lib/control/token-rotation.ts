// @ts-nocheck
// Zero-downtime rotation of an ElastiCache replication group's AUTH token: phase one adds the new
// token beside the current one (AuthTokenUpdateStrategy ROTATE) and returns only when every node
// accepts it; phase two keeps only the new one (SET) and returns only when every node refuses the
// old one. Like the password rotation, each phase first checks where the rotation stands, so
// running it again (after an interruption, or twice) is safe.
import { AuthError, ConflictError, MemctlError, UsageError } from '../io/errors.js';
import type { AuthTarget, NodeAuthResult } from '../redis/auth-check.js';
import type { Cluster } from './model.js';
import { all, unreachable, waitAuth, type RotationContext } from './rotation.js';
import { waitFor } from './wait.js';

/** AUTH <token> is AUTH default <token>: the token is the default user's password. */
const TOKEN_USER = 'default';

export interface TokenSecrets {
  cluster: string;
  current: string;
  next: string;
}

export interface TokenPhaseReport {
  cluster: string;
  phase: 'one' | 'two';
  /** What this run did: changed the token, or found the phase already done. */
  action: 'updated' | 'already-done';
  nodes: number;
  /** Per node: does the current / new token work now. */
  verification: Array<{ node: string; current: NodeAuthResult['outcome']; next: NodeAuthResult['outcome'] }>;
}

function tokenPending(cluster: Cluster | undefined): boolean {
  return cluster?.pendingUpdates?.AuthTokenStatus !== undefined;
}

/** Until the group is available with no token change pending (bounded like every wait). */
async function waitSettled(ctx: RotationContext, name: string, what: string): Promise<Cluster> {
  const cluster = await waitFor<Cluster>({
    poll: () => ctx.plane.findCluster(name, { shards: true }),
    done: (c) => c?.status === 'available' && !tokenPending(c),
    failed: (c) => (c === undefined ? `replication group ${name} no longer exists` : c.status === 'deleting' || c.status === 'create-failed' ? `replication group ${name} is ${c.status}` : undefined),
    describe: (c) => (c === undefined ? 'gone' : tokenPending(c) ? `${c.status}, token ${String(c.pendingUpdates?.AuthTokenStatus).toLowerCase()}` : c.status),
    what,
    resume: ctx.resume,
    timeoutMs: ctx.timeoutMs,
    intervalMs: ctx.intervalMs,
    progress: ctx.progress,
    signal: ctx.signal,
  });
  return cluster as Cluster;
}

async function targetsOf(ctx: RotationContext, cluster: Cluster): Promise<AuthTarget[]> {
  const tls = cluster.tls ? await ctx.nodeTls(cluster) : null;
  return (cluster.shards ?? []).flatMap((s) => s.nodes.flatMap((n) => (n.endpoint === undefined ? [] : [{ node: n.name, endpoint: n.endpoint, tls }])));
}

/** Where the rotation stands: the group (settled), its nodes, and what both tokens do now. */
async function survey(ctx: RotationContext, secrets: TokenSecrets) {
  if (secrets.current === secrets.next) throw new UsageError('the new token is the same as the current one');
  if (ctx.plane.service !== 'elasticache') throw new UsageError('token rotation is for ElastiCache replication groups; MemoryDB authenticates users (see `memctl users rotate-password`)');
  let cluster = await ctx.plane.getCluster(secrets.cluster, { shards: true });
  if (cluster.authTokenEnabled !== true) {
    throw new ConflictError(`replication group ${cluster.name} is not token-protected (AuthTokenEnabled is false); there is nothing to rotate`, {
      hint: cluster.userGroups === undefined ? undefined : 'it uses user groups: rotate its users\' passwords with `memctl --service elasticache users rotate-password`',
    });
  }
  // A change in progress (an earlier run's, perhaps) finishes first.
  if (cluster.status !== 'available' || tokenPending(cluster)) cluster = await waitSettled(ctx, cluster.name, `replication group ${cluster.name} to finish its current change`);
  const targets = await targetsOf(ctx, cluster);
  if (targets.length === 0) throw new ConflictError(`replication group ${cluster.name} reports no node endpoints yet`);
  const [current, next] = await Promise.all([ctx.checkAuth(targets, TOKEN_USER, secrets.current), ctx.checkAuth(targets, TOKEN_USER, secrets.next)]);
  unreachable([...current, ...next]);
  return { cluster, targets, current, next };
}

async function verification(ctx: RotationContext, targets: AuthTarget[], secrets: TokenSecrets): Promise<TokenPhaseReport['verification']> {
  const [current, next] = await Promise.all([ctx.checkAuth(targets, TOKEN_USER, secrets.current), ctx.checkAuth(targets, TOKEN_USER, secrets.next)]);
  return current.map((c, i) => ({ node: c.node, current: c.outcome, next: next[i]?.outcome ?? 'unreachable' }));
}

function report(cluster: Cluster, phase: TokenPhaseReport['phase'], action: TokenPhaseReport['action'], targets: AuthTarget[], verified: TokenPhaseReport['verification']): TokenPhaseReport {
  return { cluster: cluster.name, phase, action, nodes: targets.length, verification: verified };
}

export async function tokenPhaseOne(ctx: RotationContext, secrets: TokenSecrets): Promise<TokenPhaseReport> {
  const { cluster, targets, current, next } = await survey(ctx, secrets);
  if (all(current, 'accepted') && all(next, 'accepted')) return report(cluster, 'one', 'already-done', targets, await verification(ctx, targets, secrets));
  if (all(next, 'accepted') && all(current, 'refused')) {
    throw new ConflictError(`the token rotation of ${cluster.name} is already finished: the new token works and the current one given is refused everywhere`, {
      hint: 'nothing to do; if the current token given is not the one clients use, check it',
    });
  }
  if (!all(current, 'accepted')) {
    const refused = current.filter((r) => r.outcome !== 'accepted').map((r) => r.node);
    throw new AuthError(`the current token given for ${cluster.name} is refused by ${refused.length} node(s) (${refused.slice(0, 3).join(', ')}); nothing was changed`);
  }
  ctx.progress.update(`phase one: adding the new AUTH token of ${cluster.name} beside the current one`);
  await ctx.plane.updateCluster(cluster.name, { authToken: { token: secrets.next, strategy: 'rotate' } });
  await waitSettled(ctx, cluster.name, `replication group ${cluster.name} to take the new token`);
  await waitAuth(ctx, targets, TOKEN_USER, secrets.next, 'accepted', `every node of ${cluster.name} to accept the new token`);
  const verified = await verification(ctx, targets, secrets);
  if (!verified.every((v) => v.current === 'accepted')) throw new MemctlError(`after phase one the current token of ${cluster.name} is refused somewhere; check \`memctl --service elasticache describe ${cluster.name}\``, 1);
  return report(cluster, 'one', 'updated', targets, verified);
}

export async function tokenPhaseTwo(ctx: RotationContext, secrets: TokenSecrets): Promise<TokenPhaseReport> {
  const { cluster, targets, current, next } = await survey(ctx, secrets);
  if (!all(next, 'accepted')) throw new ConflictError(`the new token of ${cluster.name} is not accepted everywhere yet; run phase one first (without --finish)`);
  if (all(current, 'refused')) return report(cluster, 'two', 'already-done', targets, await verification(ctx, targets, secrets));
  ctx.progress.update(`phase two: keeping only the new AUTH token of ${cluster.name}`);
  await ctx.plane.updateCluster(cluster.name, { authToken: { token: secrets.next, strategy: 'set' } });
  await waitSettled(ctx, cluster.name, `replication group ${cluster.name} to drop the old token`);
  await waitAuth(ctx, targets, TOKEN_USER, secrets.current, 'refused', `every node of ${cluster.name} to refuse the old token`);
  const verified = await verification(ctx, targets, secrets);
  if (!verified.every((v) => v.next === 'accepted')) throw new MemctlError(`after phase two the new token of ${cluster.name} is refused somewhere; check \`memctl --service elasticache describe ${cluster.name}\``, 1);
  return report(cluster, 'two', 'updated', targets, verified);
}
