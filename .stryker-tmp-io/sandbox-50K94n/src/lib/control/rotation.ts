// @ts-nocheck
// Zero-downtime password rotation with the two password slots MemoryDB users have:
// phase one puts the new password beside the current one and returns only when every node of
// every cluster using the user accepts it; phase two removes the current one and returns only
// when every node refuses it. Each phase checks where the rotation stands first, so running it
// again (after an interruption, or twice) is safe.
import { AuthError, ConflictError, MemctlError, UsageError } from '../io/errors.js';
import type { Progress } from '../io/progress.js';
import type { AuthOutcome, AuthTarget, NodeAuthResult } from '../redis/auth-check.js';
import type { NodeTls } from '../redis/connect.js';
import type { Cluster, ControlPlane, User } from './model.js';
import { waitFor } from './wait.js';

export interface RotationContext {
  plane: ControlPlane;
  /** TLS trust for a cluster's nodes (the local CA when memctl targets the local control plane). */
  nodeTls: (cluster: Cluster) => Promise<NodeTls | null>;
  /** AUTH against nodes (injected so tests can count calls). */
  checkAuth: (targets: AuthTarget[], user: string, password: string) => Promise<NodeAuthResult[]>;
  progress: Progress;
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal | undefined;
  /** The command that resumes this rotation, for timeout and Ctrl-C messages. */
  resume: string;
}

export interface RotationSecrets {
  user: string;
  current: string;
  next: string;
}

export interface PhaseReport {
  user: string;
  phase: 'one' | 'two' | 'single';
  /** What this run did: changed the user, or found the phase already done. */
  action: 'updated' | 'already-done';
  passwordCount: number;
  clusters: string[];
  nodes: number;
  /** Per node: does the current / new password work now. */
  verification: Array<{ node: string; current?: AuthOutcome; next: AuthOutcome }>;
}

/** Every node of every cluster whose ACL holds the user: where the passwords must (not) work. */
export async function rotationTargets(ctx: RotationContext, user: User): Promise<{ clusters: string[]; targets: AuthTarget[] }> {
  const clusterNames = new Set<string>();
  for (const aclName of user.acls) {
    const acl = await ctx.plane.findAcl(aclName);
    for (const c of acl?.clusters ?? []) clusterNames.add(c);
  }
  const targets: AuthTarget[] = [];
  for (const name of [...clusterNames].sort()) {
    const cluster = await ctx.plane.getCluster(name, { shards: true });
    const tls = cluster.tls ? await ctx.nodeTls(cluster) : null;
    for (const shard of cluster.shards ?? []) {
      for (const node of shard.nodes) if (node.endpoint !== undefined) targets.push({ node: node.name, endpoint: node.endpoint, tls });
    }
  }
  return { clusters: [...clusterNames].sort(), targets };
}

async function passwordUser(ctx: RotationContext, name: string): Promise<User> {
  const user = await ctx.plane.findUser(name);
  if (user === undefined) throw new MemctlError(`user "${name}" not found`, 3);
  if (user.authentication !== 'password') {
    throw new ConflictError(`user ${name} authenticates with ${user.authentication}, not passwords; there is nothing to rotate`);
  }
  return user;
}

/** The name Redis knows the user by (an ElastiCache user's id and name may differ). */
export const loginName = (user: User): string => user.userName ?? user.name;

export const all = (results: NodeAuthResult[], outcome: AuthOutcome): boolean => results.every((r) => r.outcome === outcome);

export function unreachable(results: NodeAuthResult[]): void {
  const lost = results.filter((r) => r.outcome === 'unreachable');
  if (lost.length > 0) {
    throw new MemctlError(`cannot verify the rotation: ${lost.length} node(s) did not answer (${lost.slice(0, 3).map((r) => `${r.node}: ${r.detail ?? 'no answer'}`).join('; ')})`, 1, {
      hint: 'run memctl where it can reach the cluster nodes (the rotation has not changed anything yet)',
    });
  }
}

async function waitUserActive(ctx: RotationContext, name: string): Promise<User> {
  const user = await waitFor<User>({
    poll: () => ctx.plane.findUser(name),
    done: (u) => u?.status === 'active',
    failed: (u) => (u === undefined ? `user ${name} no longer exists` : undefined),
    describe: (u) => u?.status ?? 'gone',
    what: `user ${name} to be active`,
    resume: ctx.resume,
    timeoutMs: ctx.timeoutMs,
    intervalMs: ctx.intervalMs,
    progress: ctx.progress,
    signal: ctx.signal,
  });
  return user as User;
}

/** Polls AUTH on every node until the password has the wanted outcome everywhere (bounded). */
export async function waitAuth(ctx: RotationContext, targets: AuthTarget[], user: string, password: string, wanted: AuthOutcome, what: string): Promise<NodeAuthResult[]> {
  let last: NodeAuthResult[] = [];
  await waitFor<NodeAuthResult[]>({
    poll: async () => (last = await ctx.checkAuth(targets, user, password)),
    done: (r) => r !== undefined && all(r, wanted),
    describe: (r) => `${(r ?? []).filter((x) => x.outcome === wanted).length}/${targets.length} nodes`,
    what,
    resume: ctx.resume,
    timeoutMs: ctx.timeoutMs,
    intervalMs: Math.min(ctx.intervalMs, 250),
    progress: ctx.progress,
    signal: ctx.signal,
  });
  return last;
}

async function verification(ctx: RotationContext, targets: AuthTarget[], secrets: RotationSecrets, login: string): Promise<PhaseReport['verification']> {
  const [current, next] = await Promise.all([ctx.checkAuth(targets, login, secrets.current), ctx.checkAuth(targets, login, secrets.next)]);
  return current.map((c, i) => ({ node: c.node, current: c.outcome, next: next[i]?.outcome ?? 'unreachable' }));
}

function checkSecrets(secrets: RotationSecrets): void {
  if (secrets.current === secrets.next) throw new UsageError('the new password is the same as the current one');
}

/** Where a rotation stands: the user, where it must work, and what both passwords do now. */
async function survey(ctx: RotationContext, secrets: RotationSecrets, phase: PhaseReport['phase']) {
  checkSecrets(secrets);
  const user = await passwordUser(ctx, secrets.user);
  const { clusters, targets } = await rotationTargets(ctx, user);
  const [current, next] = await Promise.all([ctx.checkAuth(targets, loginName(user), secrets.current), ctx.checkAuth(targets, loginName(user), secrets.next)]);
  unreachable([...current, ...next]);
  const report = (u: User, action: PhaseReport['action'], verified: PhaseReport['verification']): PhaseReport => ({
    user: u.name,
    phase,
    action,
    passwordCount: u.passwordCount ?? 0,
    clusters,
    nodes: targets.length,
    verification: verified,
  });
  return { user, targets, current, next, report };
}

export async function phaseOne(ctx: RotationContext, secrets: RotationSecrets, options: { replaceExisting: boolean }): Promise<PhaseReport> {
  const { user, targets, current, next, report } = await survey(ctx, secrets, 'one');
  if (user.passwordCount === 2 && all(current, 'accepted') && all(next, 'accepted')) {
    return report(user, 'already-done', await verification(ctx, targets, secrets, loginName(user)));
  }
  if (user.passwordCount === 1 && all(next, 'accepted') && all(current, 'refused') && targets.length > 0) {
    throw new ConflictError(`the rotation of ${user.name} is already finished: only the new password works`);
  }
  if (user.passwordCount === 2 && !options.replaceExisting) {
    throw new ConflictError(`user ${user.name} already has two passwords, and they are not the current and new ones given`, {
      hint: 'finish the other rotation first, or pass --replace-existing to keep only the current and the new password (any other password stops working)',
    });
  }
  if (!all(current, 'accepted')) {
    const refused = current.filter((r) => r.outcome !== 'accepted').map((r) => r.node);
    throw new AuthError(`the current password given for ${user.name} is refused by ${refused.length} node(s) (${refused.slice(0, 3).join(', ')}); nothing was changed`);
  }
  ctx.progress.update(`phase one: adding the new password of ${user.name} beside the current one`);
  await ctx.plane.updateUser(user.name, { authentication: { type: 'password', passwords: [secrets.current, secrets.next] } });
  const updated = await waitUserActive(ctx, user.name);
  await waitAuth(ctx, targets, loginName(user), secrets.next, 'accepted', `every node to accept the new password of ${user.name}`);
  const verified = await verification(ctx, targets, secrets, loginName(user));
  if (!verified.every((v) => v.current === 'accepted')) throw new MemctlError(`after phase one the current password of ${user.name} is refused somewhere; check \`memctl users describe ${user.name}\``, 1);
  return report(updated, 'updated', verified);
}

export async function phaseTwo(ctx: RotationContext, secrets: RotationSecrets): Promise<PhaseReport> {
  const { user, targets, current, next, report } = await survey(ctx, secrets, 'two');
  if (!all(next, 'accepted')) {
    throw new ConflictError(`the new password of ${user.name} is not accepted everywhere yet; run phase one first (without --finish)`);
  }
  if (user.passwordCount === 1 && all(current, 'refused')) return report(user, 'already-done', await verification(ctx, targets, secrets, loginName(user)));
  ctx.progress.update(`phase two: removing the old password of ${user.name}`);
  await ctx.plane.updateUser(user.name, { authentication: { type: 'password', passwords: [secrets.next] } });
  const updated = await waitUserActive(ctx, user.name);
  await waitAuth(ctx, targets, loginName(user), secrets.current, 'refused', `every node to refuse the old password of ${user.name}`);
  const verified = await verification(ctx, targets, secrets, loginName(user));
  if (!verified.every((v) => v.next === 'accepted')) throw new MemctlError(`after phase two the new password of ${user.name} is refused somewhere; check \`memctl users describe ${user.name}\``, 1);
  return report(updated, 'updated', verified);
}

/** Replace the password at once (clients using the old one fail until they get the new one). */
export async function singleShot(ctx: RotationContext, secrets: { user: string; next: string; current?: string }): Promise<PhaseReport> {
  let user = await passwordUser(ctx, secrets.user);
  const { clusters, targets } = await rotationTargets(ctx, user);
  await ctx.plane.updateUser(user.name, { authentication: { type: 'password', passwords: [secrets.next] } });
  user = await waitUserActive(ctx, user.name);
  const next = await waitAuth(ctx, targets, loginName(user), secrets.next, 'accepted', `every node to accept the new password of ${user.name}`);
  const current = secrets.current === undefined ? undefined : await waitAuth(ctx, targets, loginName(user), secrets.current, 'refused', `every node to refuse the old password of ${user.name}`);
  return {
    user: user.name,
    phase: 'single',
    action: 'updated',
    passwordCount: user.passwordCount ?? 1,
    clusters,
    nodes: targets.length,
    verification: next.map((n, i) => ({ node: n.node, current: current?.[i]?.outcome, next: n.outcome })),
  };
}
