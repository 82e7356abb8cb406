// @ts-nocheck
// memctl scale <cluster> [--shards N] [--replicas N] [--node-type T]: online resharding, replica
// count and vertical scaling; --dry-run prints the plan; scale-in asks first; --wait shows progress.
import type { Context } from '../../context.js';
import { ConflictError, UsageError } from '../../lib/io/errors.js';
import { writeOutput, type Block } from '../../lib/io/output.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import { BUSY_STATUSES, type Cluster, type ClusterChange } from '../../lib/control/model.js';
import { nodeMemoryBytes } from '../../lib/control/node-types.js';
import { countSlots, formatSlots, parseSlots, planReshard, slotsProblem, type ReshardPlan } from '../../lib/control/slots.js';
import { compareVersions } from '../../lib/control/versions.js';
import { parseInteger, validateName, validateNodeType, validateReplicas, validateShards } from '../../lib/control/validate.js';
import { clusterDetailView } from '../views/cluster.js';
import { changeDidNotFinish, memctlCommand, waitForAvailable, waitTimeoutMs } from '../options/wait.js';
import { clusterNoun, getCluster } from '../options/service.js';
import { alarmsAfterScale } from '../options/alarms.js';
import { dryRunCosts } from '../options/cost.js';

export interface ScaleFlags {
  shards?: string;
  replicas?: string;
  nodeType?: string;
  engine?: string;
  engineVersion?: string;
  dryRun?: boolean;
  wait?: boolean;
  timeout?: string;
}

export interface ScalePlan {
  cluster: string;
  changes: Array<{ kind: 'shards' | 'replicas' | 'node-type' | 'engine'; from: number | string; to: number | string }>;
  nodesAdded: number;
  nodesRemoved: number;
  reshard?: { movedSlots: number; moves: Array<{ from: string; to: string; slots: string; count: number }> };
  memoryPerNodeBytes?: { from?: number; to?: number };
  /** What the service reported that the plan could not use (a shard's slots that do not parse). */
  warnings?: string[];
}

/** The plan for a cluster as it is now (an estimate on AWS, which makes its own). */
export function scalePlan(cluster: Cluster, change: ClusterChange): ScalePlan {
  const shards = cluster.shards ?? [];
  const replicas = cluster.replicasPerShard ?? Math.max(0, (shards[0]?.nodes.length ?? 1) - 1);
  const plan: ScalePlan = { cluster: cluster.name, changes: [], nodesAdded: 0, nodesRemoved: 0 };
  const names = shards.map((s) => s.id);
  const target = change.shards === undefined ? [] : Array.from({ length: change.shards }, (_, i) => names[i] ?? String(i + 1).padStart(4, '0'));
  let reshard: ReshardPlan | undefined;
  let uncovered = false;
  const warnings = shards.flatMap((s) => {
    const problem = s.slots === undefined ? undefined : slotsProblem(s.slots);
    return problem === undefined ? [] : [`shard ${s.id} reports slots "${s.slots}": ${problem}; the slot moves are not planned`];
  });
  if (warnings.length > 0) plan.warnings = warnings;
  if (change.shards !== undefined && shards.length > 0 && warnings.length === 0 && shards.every((s) => s.slots !== undefined)) {
    try {
      reshard = planReshard(shards.map((s) => ({ name: s.id, slots: parseSlots(s.slots as string) })), target);
    } catch {
      // Not every slot has a shard: only a resharding to the size can repair that.
      uncovered = true;
    }
  }
  // The same shard count still reshards when the slots are not split evenly (a repair left them so).
  const rebalance = change.shards !== undefined && change.shards === cluster.shardCount && cluster.clusterMode === 'enabled' && (uncovered || (reshard?.movedSlots ?? 0) > 0);
  if (change.shards !== undefined && (change.shards !== cluster.shardCount || rebalance)) {
    plan.changes.push({ kind: 'shards', from: cluster.shardCount, to: change.shards });
    if (reshard !== undefined) {
      plan.reshard = { movedSlots: reshard.movedSlots, moves: reshard.moves.map((m) => ({ from: m.from, to: m.to, slots: formatSlots(m.slots), count: countSlots(m.slots) })) };
    }
    const perShard = (change.replicas ?? replicas) + 1;
    if (change.shards > cluster.shardCount) plan.nodesAdded += (change.shards - cluster.shardCount) * perShard;
    else plan.nodesRemoved += shards.slice(change.shards).reduce((n, s) => n + s.nodes.length, 0);
  }
  if (change.replicas !== undefined && change.replicas !== replicas) {
    plan.changes.push({ kind: 'replicas', from: replicas, to: change.replicas });
    const count = change.shards ?? cluster.shardCount;
    if (change.replicas > replicas) plan.nodesAdded += (change.replicas - replicas) * count;
    else plan.nodesRemoved += (replicas - change.replicas) * count;
  }
  if (change.engine !== undefined && !runsEngine(cluster, change.engine)) {
    plan.changes.push({ kind: 'engine', from: `${cluster.engine} ${cluster.engineVersion ?? ''}`.trim(), to: `${change.engine.engine} ${change.engine.version ?? '(its default version)'}` });
  }
  if (change.nodeType !== undefined && change.nodeType !== cluster.nodeType) {
    plan.changes.push({ kind: 'node-type', from: cluster.nodeType, to: change.nodeType });
    plan.memoryPerNodeBytes = { from: nodeMemoryBytes(cluster.service, cluster.nodeType), to: nodeMemoryBytes(cluster.service, change.nodeType) };
  }
  return plan;
}

function planBlocks(plan: ScalePlan): Block[] {
  const blocks: Block[] = [
    {
      kind: 'table',
      title: `Plan for ${plan.cluster}`,
      headers: ['change', 'from', 'to'],
      rows: plan.changes.map((c) => [c.kind, c.from, c.to]),
    },
    { kind: 'fields', fields: [['nodes added', plan.nodesAdded], ['nodes removed', plan.nodesRemoved], ['slots moving', plan.reshard?.movedSlots]] },
  ];
  if (plan.reshard !== undefined && plan.reshard.moves.length > 0) {
    blocks.push({ kind: 'table', title: 'Slot moves', headers: ['from shard', 'to shard', 'slots', 'count'], rows: plan.reshard.moves.map((m) => [m.from, m.to, m.slots, m.count]) });
  }
  return blocks;
}

export async function run(ctx: Context, name: string, flags: ScaleFlags): Promise<void> {
  const clusterName = validateName(clusterNoun(ctx.service), name);
  const change: ClusterChange = {
    shards: flags.shards === undefined ? undefined : validateShards(parseInteger('--shards', flags.shards)),
    replicas: flags.replicas === undefined ? undefined : validateReplicas(parseInteger('--replicas', flags.replicas)),
    nodeType: flags.nodeType === undefined ? undefined : validateNodeType(ctx.service, flags.nodeType),
  };
  const engineAsked = engineFlags(flags);
  if (change.shards === undefined && change.replicas === undefined && change.nodeType === undefined && engineAsked === undefined) {
    throw new UsageError('nothing to scale: give --shards, --replicas, --node-type, --engine-version or --engine');
  }
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 6 * 60 * 60_000);
  const plane = await ctx.controlPlane();
  let cluster = await getCluster(ctx, plane, clusterName, { shards: true });
  if (change.shards !== undefined && cluster.clusterMode === 'disabled' && change.shards !== 1) {
    throw new UsageError(`${clusterNoun(ctx.service)} ${clusterName} runs with cluster mode disabled: one shard (a primary and its replicas); it cannot have ${change.shards}`, {
      hint: 'scale it with --replicas or --node-type, or restore a snapshot into a group with --cluster-mode enabled',
    });
  }
  if (flags.wait === true && flags.dryRun !== true && BUSY_STATUSES.includes(cluster.status)) {
    // Resuming an earlier wait: let the change in progress finish, then see what is left to do.
    cluster = await waitForAvailable(ctx, plane, clusterName, {
      what: `${clusterNoun(ctx.service)} ${clusterName} to finish its current change`,
      resume: memctlCommand(ctx, `scale ${clusterName} ${flagsText(change)} --wait`),
      timeoutMs,
    });
  }
  if (engineAsked !== undefined) change.engine = checkUpgrade(cluster, engineAsked);
  const plan = scalePlan(cluster, change);
  if (!ctx.quiet) for (const w of plan.warnings ?? []) ctx.io.stderr.write(`warning: ${w}\n`);
  if (plan.changes.length === 0) {
    if (!ctx.quiet) ctx.io.stderr.write(`${clusterNoun(ctx.service)} ${clusterName} already has what was asked; nothing to do\n`);
    await writeOutput(ctx.io, clusterDetailView(cluster), ctx.output);
    return;
  }
  if (flags.dryRun === true) {
    const nodesNow = (cluster.shards ?? []).reduce((n, s) => n + s.nodes.length, 0);
    const typeAfter = change.nodeType ?? cluster.nodeType;
    const [before, after] = await dryRunCosts(ctx, [
      { nodeType: cluster.nodeType, nodes: nodesNow },
      { nodeType: typeAfter, nodes: nodesNow + plan.nodesAdded - plan.nodesRemoved },
    ]);
    const cost =
      before !== undefined && after !== undefined && 'monthly' in before && 'monthly' in after
        ? { from: before.monthly, to: after.monthly, difference: Math.round((after.monthly - before.monthly) * 100) / 100, prices: after.prices }
        : { unknown: before !== undefined && 'unknown' in before ? before.unknown : after !== undefined && 'unknown' in after ? after.unknown : 'no prices' };
    const blocks = planBlocks(plan);
    blocks.push({ kind: 'fields', fields: [['cost a month', 'unknown' in cost ? `unknown (${cost.unknown})` : `$${cost.from.toFixed(2)} -> $${cost.to.toFixed(2)} (${cost.difference >= 0 ? '+' : '-'}$${Math.abs(cost.difference).toFixed(2)} on demand; prices: ${cost.prices})`]] });
    await writeOutput(ctx.io, { data: { ...plan, dryRun: true, cost }, blocks }, ctx.output);
    return;
  }
  if (cluster.status !== 'available') {
    throw new ConflictError(`${clusterNoun(ctx.service)} ${clusterName} is ${cluster.status}; it can be scaled only when available`, { hint: `wait for it: ${memctlCommand(ctx, `describe ${clusterName}`)}` });
  }
  const scaleIn = plan.nodesRemoved > 0 || plan.changes.some((c) => c.kind === 'node-type' && (plan.memoryPerNodeBytes?.to ?? 0) < (plan.memoryPerNodeBytes?.from ?? 0));
  if (scaleIn) {
    await confirmDestructive(ctx.io, {
      question: `Scale in cluster ${clusterName} (${plan.changes.map((c) => `${c.kind} ${c.from} → ${c.to}`).join(', ')}; ${plan.nodesRemoved} node(s) removed)?`,
      action: `to scale in cluster ${clusterName}`,
      yes: ctx.yes,
    });
  }
  // The services take one structural change at a time: apply them in order, waiting in between.
  const steps: ClusterChange[] = plan.changes.map((c) =>
    c.kind === 'shards'
      ? { shards: c.to as number }
      : c.kind === 'replicas'
        ? { replicas: c.to as number }
        : c.kind === 'engine'
          ? { engine: change.engine as NonNullable<ClusterChange['engine']> }
          : { nodeType: c.to as string },
  );
  const since = new Date(Date.now() - 1000);
  let result: Cluster = cluster;
  for (const [i, step] of steps.entries()) {
    result = await plane.updateCluster(clusterName, step);
    const last = i === steps.length - 1;
    if (!last || flags.wait === true) {
      result = await waitForAvailable(ctx, plane, clusterName, {
        what: `${clusterNoun(ctx.service)} ${clusterName} to finish scaling (${describeStep(step)})`,
        resume: memctlCommand(ctx, `scale ${clusterName} ${flagsText(change)} --wait`),
        timeoutMs,
      });
      // Available again is not enough: the change must have reached what was asked.
      const short = shortOf(result, step);
      if (short !== undefined) throw await changeDidNotFinish(ctx, plane, result, since, `scaling (${describeStep(step)})`, short);
    }
  }
  // Without --wait the service answers with the cluster before its shards are described: ask
  // once more with them (replicas per shard come from the shards).
  if (result.replicasPerShard === undefined) result = (await plane.findCluster(clusterName, { shards: true })) ?? result;
  await writeOutput(ctx.io, clusterDetailView(result), ctx.output);
  // Nodes came or went: the cluster's alarms follow them once the change is done.
  const nodesChanged = steps.some((s) => s.shards !== undefined || s.replicas !== undefined);
  if (nodesChanged && flags.wait === true) await alarmsAfterScale(ctx, clusterName);
  else if (nodesChanged && !ctx.quiet) ctx.io.stderr.write(`alarms: once the change is done, \`${memctlCommand(ctx, `alarms apply ${clusterName}`)}\` brings any alarms in step with the nodes\n`);
}

/** How the cluster falls short of a step (undefined when it has what the step asked). */
export function shortOf(cluster: Cluster, step: ClusterChange): string | undefined {
  if (step.shards !== undefined && cluster.shardCount !== step.shards) return `has ${cluster.shardCount} shards, not ${step.shards}`;
  if (step.replicas !== undefined && cluster.replicasPerShard !== undefined && cluster.replicasPerShard !== step.replicas) return `has ${cluster.replicasPerShard} replicas per shard, not ${step.replicas}`;
  if (step.nodeType !== undefined && cluster.nodeType !== step.nodeType) return `runs ${cluster.nodeType}, not ${step.nodeType}`;
  if (step.engine !== undefined && !runsEngine(cluster, step.engine)) return `runs ${cluster.engine} ${cluster.engineVersion ?? ''}, not ${step.engine.engine} ${step.engine.version ?? ''}`.trim();
  const unreadable = cluster.shards?.find((s) => s.slots !== undefined && slotsProblem(s.slots) !== undefined);
  if (step.shards !== undefined && unreadable !== undefined) return `cannot be checked: shard ${unreadable.id} reports slots "${unreadable.slots}"`;
  if (step.shards !== undefined && cluster.clusterMode === 'enabled' && cluster.shards !== undefined && cluster.shards.every((s) => s.slots !== undefined)) {
    const owned = cluster.shards.reduce((n, s) => n + countSlots(parseSlots(s.slots as string)), 0);
    const empty = cluster.shards.filter((s) => countSlots(parseSlots(s.slots as string)) === 0).map((s) => s.id);
    if (owned !== 16384) return `has ${owned} of 16384 slots assigned`;
    if (empty.length > 0) return `has shards that own no slots (${empty.join(', ')})`;
  }
  return undefined;
}

function flagsText(change: ClusterChange): string {
  return [
    change.shards === undefined ? '' : `--shards ${change.shards}`,
    change.replicas === undefined ? '' : `--replicas ${change.replicas}`,
    change.nodeType === undefined ? '' : `--node-type ${change.nodeType}`,
    change.engine === undefined ? '' : `--engine ${change.engine.engine}${change.engine.version === undefined ? '' : ` --engine-version ${change.engine.version}`}`,
  ]
    .filter((f) => f !== '')
    .join(' ');
}

function describeStep(step: ClusterChange): string {
  if (step.shards !== undefined) return `${step.shards} shards`;
  if (step.replicas !== undefined) return `${step.replicas} replicas per shard`;
  if (step.engine !== undefined) return `engine ${step.engine.engine} ${step.engine.version ?? ''}`.trim();
  return `node type ${step.nodeType ?? ''}`;
}

/** --engine and --engine-version, checked (before any call): undefined when neither is given. */
function engineFlags(flags: ScaleFlags): { engine?: string; version?: string } | undefined {
  if (flags.engine === undefined && flags.engineVersion === undefined) return undefined;
  const engine = flags.engine?.toLowerCase();
  if (engine !== undefined && engine !== 'redis' && engine !== 'valkey') throw new UsageError(`invalid --engine "${flags.engine}": expected redis or valkey`);
  if (flags.engineVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(flags.engineVersion)) {
    throw new UsageError(`invalid --engine-version "${flags.engineVersion}": expected a version such as 7.1`);
  }
  return { ...(engine === undefined ? {} : { engine }), ...(flags.engineVersion === undefined ? {} : { version: flags.engineVersion }) };
}


/** Whether the cluster already runs what an engine change asks for. */
function runsEngine(cluster: Cluster, target: NonNullable<ClusterChange['engine']>): boolean {
  if (cluster.engine.toLowerCase() !== target.engine) return false;
  if (target.version === undefined) return true;
  const current = cluster.engineVersion ?? '';
  return current === target.version || current.startsWith(`${target.version}.`);
}

/** Engine upgrades only: a later version of the same engine, or valkey from redis (exit 2 otherwise). */
function checkUpgrade(cluster: Cluster, asked: { engine?: string; version?: string }): NonNullable<ClusterChange['engine']> {
  const current = cluster.engine.toLowerCase();
  const engine = asked.engine ?? current;
  if (engine !== current && !(current === 'redis' && engine === 'valkey')) {
    throw new UsageError(`${cluster.name} runs ${current}: it can move to valkey from redis, not to ${engine}`);
  }
  if (engine === current && asked.version !== undefined && cluster.engineVersion !== undefined && compareVersions(asked.version, cluster.engineVersion) < 0) {
    throw new UsageError(`${cluster.name} runs ${current} ${cluster.engineVersion}: engine versions only go up, not to ${asked.version}`, { hint: 'restore a snapshot into a new cluster of the older version instead' });
  }
  return { engine, ...(asked.version === undefined ? {} : { version: asked.version }) };
}
