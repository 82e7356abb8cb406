// @ts-nocheck
// memctl alarms apply|list|delete <cluster>: the standard CloudWatch alarm set per node, planned
// against what CloudWatch has (a second apply changes nothing and says so), listed with state,
// reason and since when, or removed.
import type { Context } from '../../context.js';
import { writeOutput, type Rendered } from '../../lib/io/output.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import { listClusterAlarms } from '../../lib/control/alarm-calls.js';
import { alarmTarget, applyClusterAlarms, deleteClusterAlarms } from '../../lib/control/alarm-sync.js';
import type { AlarmDiff } from '../../lib/control/alarm-plan.js';
import { validateName } from '../../lib/control/validate.js';
import { clusterNoun } from '../options/service.js';
import { parseAlarmSettings } from '../options/alarm-settings.js';

export interface ApplyFlags {
  snsTopicArn?: string[];
  threshold?: string[];
  disable?: string[];
  file?: string;
  dryRun?: boolean;
}

/** The plan (or what was done) as data and as a table of changes. */
export function diffView(cluster: string, diff: AlarmDiff, done: boolean): Rendered {
  const changes = [
    ...diff.create.map((s) => ({ action: 'create', alarm: s.AlarmName, detail: `${s.MetricName} ${s.Statistic} ${s.ComparisonOperator} ${s.Threshold}` })),
    ...diff.update.map((u) => ({ action: 'update', alarm: u.spec.AlarmName, detail: u.changed.join(', ') })),
    ...diff.delete.map((name) => ({ action: 'delete', alarm: name, detail: '' })),
  ];
  const summary = `${diff.create.length} to create, ${diff.update.length} to update, ${diff.delete.length} to delete, ${diff.unchanged} unchanged`;
  return {
    data: { cluster, applied: done, created: diff.create.length, updated: diff.update.length, deleted: diff.delete.length, unchanged: diff.unchanged, changes },
    blocks: [
      { kind: 'fields', fields: [['cluster', cluster], [done ? 'done' : 'plan', changes.length === 0 ? `no changes (${diff.unchanged} alarms as they should be)` : summary]] },
      ...(changes.length === 0 ? [] : [{ kind: 'table' as const, headers: ['action', 'alarm', 'what'], rows: changes.map((c) => [c.action, c.alarm, c.detail]) }]),
    ],
  };
}

export async function apply(ctx: Context, name: string, flags: ApplyFlags): Promise<void> {
  const cluster = validateName(clusterNoun(ctx.service), name);
  const settings = parseAlarmSettings(flags);
  const plane = await ctx.controlPlane();
  const described = await plane.getCluster(cluster, { shards: true });
  const client = await ctx.cloudwatch();
  try {
    const { diff } = await applyClusterAlarms(client, alarmTarget(ctx.service, described), settings, flags.dryRun === true);
    await writeOutput(ctx.io, diffView(described.name, diff, flags.dryRun !== true), ctx.output);
  } finally {
    client.destroy();
  }
}

export async function list(ctx: Context, name: string): Promise<void> {
  const cluster = validateName(clusterNoun(ctx.service), name);
  const client = await ctx.cloudwatch();
  try {
    const alarms = await listClusterAlarms(client, cluster);
    const data = alarms.map((a) => ({ name: a.AlarmName, node: a.node, alarm: a.key, metric: a.MetricName, statistic: a.Statistic, comparison: a.ComparisonOperator, threshold: a.Threshold, state: a.state, reason: a.reason, since: a.since?.toISOString() ?? null, actions: a.AlarmActions }));
    await writeOutput(
      ctx.io,
      { data, blocks: [{ kind: 'table', headers: ['node', 'alarm', 'state', 'since', 'threshold', 'reason'], rows: data.map((a) => [a.node, a.alarm, a.state, a.since, `${a.statistic} ${a.comparison.replace('Threshold', '')} ${a.threshold}`, a.reason]) }] },
      ctx.output,
    );
  } finally {
    client.destroy();
  }
}

export async function remove(ctx: Context, name: string): Promise<void> {
  const cluster = validateName(clusterNoun(ctx.service), name);
  await confirmDestructive(ctx.io, { question: `Delete every memctl alarm of ${cluster}?`, action: `to delete the alarms of ${cluster}`, yes: ctx.yes });
  const client = await ctx.cloudwatch();
  try {
    const deleted = await deleteClusterAlarms(client, cluster);
    await writeOutput(ctx.io, { data: { cluster, deleted }, blocks: [{ kind: 'fields', fields: [['cluster', cluster], ['deleted', `${deleted} alarm(s)`]] }] }, ctx.output);
  } finally {
    client.destroy();
  }
}
