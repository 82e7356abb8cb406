// @ts-nocheck
// Provisioning a cluster, for `create` and `snapshot restore`: the request (a restore's resolved
// from the snapshot), --dry-run, --if-not-exists with its drift report, the call, and --wait.
import type { Context } from '../../context.js';
import { ConflictError, UsageError } from '../../lib/io/errors.js';
import type { Cluster, CreateClusterSpec } from '../../lib/control/model.js';
import { drift } from './drift.js';
import { createSpec, type CreateFlags } from './cluster-spec.js';
import { resolveRestore } from './restore.js';
import { clusterNoun, createAuthToken, wantsAuthToken } from './service.js';
import { memctlCommand, waitForAvailable, waitTimeoutMs } from './wait.js';

/** What provisioning did: showed the request (--dry-run), or created (or found) the cluster. */
export type Provisioned =
  | { dryRun: true; spec: CreateClusterSpec; from: Record<string, string>; authToken: boolean }
  | { dryRun: false; cluster: Cluster; generatedToken: string | undefined };

export async function provision(ctx: Context, name: string, flags: CreateFlags): Promise<Provisioned> {
  // Every flag is checked before any call (a restore is checked again with the snapshot's values).
  let spec = createSpec(ctx, name, flags);
  if (flags.failOnDrift === true && flags.ifNotExists !== true) throw new UsageError('--fail-on-drift goes with --if-not-exists');
  if (flags.dryRun === true && (flags.ifNotExists === true || flags.wait === true)) throw new UsageError('--dry-run only shows the request; it does not go with --wait or --if-not-exists');
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 90 * 60_000);
  const plane = await ctx.controlPlane();
  let from: Record<string, string> = {};
  if (flags.fromSnapshot !== undefined) ({ spec, from } = await resolveRestore(ctx, plane, name, flags.fromSnapshot, flags));
  if (flags.dryRun === true) {
    return { dryRun: true, spec, from, authToken: wantsAuthToken(flags) };
  }
  const token = await createAuthToken(ctx, spec.name, flags);
  if (token !== undefined) spec.authToken = token.value;
  let cluster: Cluster | undefined;
  let generated = token?.generated === true ? token.value : undefined;
  if (flags.ifNotExists === true) {
    // With its shards: the replica count (and the drift check on it) needs them.
    cluster = await plane.findCluster(spec.name, { shards: true });
    if (cluster !== undefined) {
      generated = undefined; // never set: the existing group keeps its token
      const noun = clusterNoun(ctx.service);
      const differences = drift(spec, flags, cluster);
      const listed = differences.map((d) => `${d.field}: asked ${d.asked}, has ${d.has}`);
      if (differences.length > 0 && flags.failOnDrift === true) {
        throw new ConflictError(`${noun} ${spec.name} exists and differs from this request: ${listed.join('; ')}`, {
          hint: 'change it with `memctl scale` (shards, replicas, node type), or drop --fail-on-drift to accept it as it is',
        });
      }
      if (!ctx.quiet) {
        ctx.io.stderr.write(`${noun} ${spec.name} already exists (${cluster.status}); nothing to create\n`);
        if (differences.length > 0) ctx.io.stderr.write(`warning: it differs from this request:\n${listed.map((l) => `  ${l}\n`).join('')}`);
      }
    }
  }
  if (cluster === undefined) {
    cluster = await plane.createCluster(spec);
    // A cluster being created has no shards to count replicas on yet: it gets what was asked.
    cluster.replicasPerShard ??= spec.replicas;
  }
  if (flags.wait === true) {
    cluster = await waitForAvailable(ctx, plane, spec.name, {
      what: `${clusterNoun(ctx.service)} ${spec.name} to become available`,
      resume: memctlCommand(ctx, `create ${spec.name} --if-not-exists --wait`),
      timeoutMs,
    });
  }
  return { dryRun: false, cluster, generatedToken: generated };
}
