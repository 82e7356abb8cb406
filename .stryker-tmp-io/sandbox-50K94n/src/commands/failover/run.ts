// @ts-nocheck
// memctl failover <cluster> --shard ID: promote a replica. Asks on a terminal, needs --yes
// otherwise; --wait returns when the new primary takes writes and reports how long writes were refused.
import type { Context } from '../../context.js';
import { ConflictError, NotFoundError, UsageError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import { confirmDestructive, requireConfirmable } from '../../lib/io/prompt.js';
import { parseSlots, slotsProblem } from '../../lib/control/slots.js';
import { validateName } from '../../lib/control/validate.js';
import type { Cluster } from '../../lib/control/model.js';
import type { ProbeResult, WriteProbe } from '../../lib/redis/write-probe.js';
import { clusterDetailView } from '../views/cluster.js';
import { changeDidNotFinish, failureEvents, memctlCommand, waitForAvailable, waitTimeoutMs } from '../options/wait.js';
import { clusterNoun, getCluster } from '../options/service.js';

export interface FailoverFlags {
  shard?: string;
  wait?: boolean;
  timeout?: string;
  probe?: boolean;
}

export async function run(ctx: Context, name: string, flags: FailoverFlags): Promise<void> {
  const clusterName = validateName(clusterNoun(ctx.service), name);
  if (flags.shard !== undefined && !/^[A-Za-z0-9-]{1,40}$/.test(flags.shard)) throw new UsageError(`invalid --shard "${flags.shard}": expected a shard name such as 0001`);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 30 * 60_000);
  requireConfirmable(ctx.io, { action: `to fail over a shard of ${clusterName}`, yes: ctx.yes });
  const plane = await ctx.controlPlane();
  const cluster = await getCluster(ctx, plane, clusterName, { shards: true });
  // With one shard (a cluster-mode-disabled group, say) there is nothing to choose.
  const only = cluster.shards?.length === 1 ? cluster.shards[0]?.id : undefined;
  const shardId = flags.shard ?? only;
  if (shardId === undefined) {
    throw new UsageError(`--shard is required: ${clusterName} has ${cluster.shards?.length ?? 0} shards`, { hint: `its shards: ${(cluster.shards ?? []).map((s) => s.id).join(', ')}` });
  }
  const shard = cluster.shards?.find((s) => s.id === shardId);
  if (shard === undefined) {
    throw new NotFoundError(`${clusterNoun(ctx.service)} ${clusterName} has no shard "${shardId}"`, { hint: `its shards: ${(cluster.shards ?? []).map((s) => s.id).join(', ')}` });
  }
  if (cluster.status !== 'available') throw new ConflictError(`${clusterNoun(ctx.service)} ${clusterName} is ${cluster.status}; it can fail over only when available`);
  if (shard.nodes.length < 2) throw new ConflictError(`shard ${shardId} of ${clusterName} has no replica to promote`, { hint: `add one: ${memctlCommand(ctx, `scale ${clusterName} --replicas 1 --wait`)}` });
  await confirmDestructive(ctx.io, {
    question: `Fail over shard ${shardId} of cluster ${clusterName}? Writes to it pause briefly.`,
    action: `to fail over shard ${shardId} of ${clusterName}`,
    yes: ctx.yes,
  });

  // Measure write-unavailability with a probe on that shard when the data plane is reachable.
  let probe: WriteProbe | undefined;
  let probeNote: string | undefined;
  // Slots another AWS-compatible endpoint reports wrongly do not stop a failover; only the probe needs them.
  const badSlots = shard.slots === undefined ? undefined : slotsProblem(shard.slots);
  if (badSlots !== undefined && !ctx.quiet) ctx.io.stderr.write(`warning: shard ${shard.id} reports slots "${shard.slots}": ${badSlots}; no write probe\n`);
  const probeTarget =
    cluster.clusterMode === 'disabled'
      ? cluster.primaryEndpoint === undefined
        ? undefined
        : { host: cluster.primaryEndpoint.address, port: cluster.primaryEndpoint.port, locatePrimary: async () => (await plane.getCluster(clusterName)).primaryEndpoint }
      : cluster.endpoint === undefined || shard.slots === undefined || badSlots !== undefined
        ? undefined
        : { host: cluster.endpoint.address, port: cluster.endpoint.port, slots: parseSlots(shard.slots) };
  if (flags.wait === true && flags.probe !== false && probeTarget !== undefined) {
    try {
      const { startWriteProbe } = await import('../../lib/redis/write-probe.js');
      probe = await startWriteProbe({
        ...probeTarget,
        tls: cluster.tls ? await ctx.nodeTls() : null,
        maxMs: timeoutMs,
        auth: await ctx.localNodeAuth(clusterName),
      });
    } catch (err) {
      probeNote = `write probe not started: ${(err as Error).message}`;
    }
  }
  const since = new Date(Date.now() - 1000);
  const primaryBefore = flags.wait === true ? await shardPrimary(ctx, cluster, shardId) : undefined;
  let result = cluster;
  let probed: ProbeResult | undefined;
  try {
    result = await plane.failoverShard(clusterName, shardId);
    if (flags.wait === true) {
      result = await waitForAvailable(ctx, plane, clusterName, {
        what: `shard ${shardId} of ${clusterName} to finish failing over`,
        resume: memctlCommand(ctx, `describe ${clusterName}`),
        timeoutMs,
      });
      // The new primary must take a write before the wait is over.
      if (probe !== undefined) await new Promise((resolve) => setTimeout(resolve, 300));
    }
  } finally {
    probed = await probe?.stop();
  }
  if (flags.wait === true) {
    // Available again is not enough: another node must be the shard's primary now.
    const primaryAfter = await shardPrimary(ctx, result, shardId);
    if (primaryBefore !== undefined && primaryAfter === primaryBefore) {
      throw await changeDidNotFinish(ctx, plane, result, since, `the failover of shard ${shardId}`, `still has ${primaryBefore} as the primary of shard ${shardId}`);
    }
    const said = await failureEvents(plane, clusterName, since);
    if (said.some((m) => /fail ?over/i.test(m))) throw await changeDidNotFinish(ctx, plane, result, since, `the failover of shard ${shardId}`, `is ${result.status}`);
  }
  const writes =
    probed === undefined
      ? undefined
      : {
          writeUnavailableMs: probed.longestGapMs,
          acknowledged: probed.acknowledged,
          failed: probed.failures,
          lastAcknowledged: probed.lastAcknowledged,
          readBack: probed.readBack,
          lostAcknowledgedWrites: probed.readBack === undefined || probed.readBack < probed.lastAcknowledged,
        };
  if (!ctx.quiet) {
    if (writes !== undefined) ctx.io.stderr.write(`writes to shard ${shardId} were refused for at most ${(writes.writeUnavailableMs / 1000).toFixed(2)} s (${writes.failed} failed attempts); ${writes.lostAcknowledgedWrites ? 'an acknowledged write was LOST' : 'no acknowledged write lost'}\n`);
    if (probeNote !== undefined) ctx.io.stderr.write(`${probeNote}\n`);
  }
  const view = clusterDetailView(result);
  await writeOutput(
    ctx.io,
    {
      data: { cluster: result, shard: shardId, ...(writes === undefined ? {} : { writeProbe: writes }) },
      blocks: writes === undefined ? view.blocks : [...view.blocks, { kind: 'fields', title: 'Write probe', fields: Object.entries(writes) }],
    },
    ctx.output,
  );
}

/** The node that is the shard's primary now: from the service, else from the nodes (undefined when neither says). */
async function shardPrimary(ctx: Context, cluster: Cluster, shardId: string): Promise<string | undefined> {
  let shard = cluster.shards?.find((s) => s.id === shardId);
  if (shard !== undefined && shard.nodes.every((n) => n.role === undefined)) {
    try {
      const { withNodeRoles } = await import('../../lib/control/roles.js');
      const withRoles = await withNodeRoles({ ...cluster, shards: [shard] }, { tls: cluster.tls ? await ctx.nodeTls() : null, timeoutMs: 2000, auth: await ctx.localNodeAuth(cluster.name) });
      shard = withRoles.shards?.[0];
    } catch {
      return undefined;
    }
  }
  return shard?.nodes.find((n) => n.role === 'primary')?.name;
}
