// @ts-nocheck
// The alarm steps of other commands: `create` makes the standard set (unless --no-alarms),
// `scale` keeps a cluster's alarms in step with its nodes, `delete` removes them. Each says on
// stderr what it did. A step that fails after the cluster change succeeded is reported as
// incomplete (exit 7) with the command that finishes it; when CloudWatch cannot even be read
// (scale, delete: the cluster may have no alarms at all) it is a warning.
import type { Context } from '../../context.js';
import { IncompleteError } from '../../lib/io/errors.js';
import { listClusterAlarms, type ClusterAlarm } from '../../lib/control/alarm-calls.js';
import { alarmTarget, applyClusterAlarms, deleteClusterAlarms, followClusterAlarms } from '../../lib/control/alarm-sync.js';
import { memctlCommand } from './wait.js';
import type { AlarmSettings } from './alarm-settings.js';

type Client = Awaited<ReturnType<Context['cloudwatch']>>;

function note(ctx: Context, text: string): void {
  if (!ctx.quiet) ctx.io.stderr.write(`${text}\n`);
}

async function step<T>(ctx: Context, name: string, done: string, retry: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw new IncompleteError(`${done} ${name}, but its alarms were not ${retry === 'apply' ? 'brought in step' : 'deleted'}: ${(err as Error).message}`, {
      hint: `run \`${memctlCommand(ctx, `alarms ${retry} ${name}`)}\` to finish`,
      cause: err,
    });
  }
}

/** A CloudWatch client and the cluster's alarms, or undefined (with a warning saying why) when CloudWatch cannot be read. */
async function readAlarms(ctx: Context, name: string): Promise<{ client: Client; existing: ClusterAlarm[] } | undefined> {
  let client: Client | undefined;
  try {
    client = await ctx.cloudwatch();
    return { client, existing: await listClusterAlarms(client, name) };
  } catch (err) {
    client?.destroy();
    if (!ctx.quiet) ctx.io.stderr.write(`warning: could not read the alarms of ${name} from CloudWatch (${(err as Error).message}); if it has memctl alarms, run \`${memctlCommand(ctx, `alarms apply ${name}`)}\` or \`alarms delete\`\n`);
    return undefined;
  }
}

/** After a create: the standard set on the nodes the cluster has (none yet: says how to add them later). */
export async function alarmsAfterCreate(ctx: Context, name: string, settings: AlarmSettings): Promise<void> {
  const plane = await ctx.controlPlane();
  const cluster = await plane.findCluster(name, { shards: true });
  const target = cluster === undefined ? undefined : alarmTarget(ctx.service, cluster);
  if (target === undefined || target.nodes.length === 0) {
    note(ctx, `alarms: ${name} has no nodes to watch yet; run \`${memctlCommand(ctx, `alarms apply ${name}`)}\` once it is available (or create with --wait)`);
    return;
  }
  let client: Client | undefined;
  try {
    const { diff } = await step(ctx, name, 'created', 'apply', async () => {
      client = await ctx.cloudwatch();
      return applyClusterAlarms(client, target, settings);
    });
    note(ctx, `alarms: made ${diff.create.length}, updated ${diff.update.length} for ${target.nodes.length} node(s)${settings.topics.length > 0 ? `, notifying ${settings.topics.join(', ')}` : ''} (\`memctl alarms list ${name}\`)`);
  } finally {
    client?.destroy();
  }
}

/** After a scale: alarms follow the nodes (only for a cluster that has memctl alarms). */
export async function alarmsAfterScale(ctx: Context, name: string): Promise<void> {
  const plane = await ctx.controlPlane();
  const cluster = await plane.getCluster(name, { shards: true });
  const read = await readAlarms(ctx, name);
  if (read === undefined) return;
  const { client, existing } = read;
  try {
    if (existing.length === 0) return;
    const { diff } = await step(ctx, name, 'scaled', 'apply', () => followClusterAlarms(client, alarmTarget(ctx.service, cluster), existing));
    note(ctx, `alarms: ${diff.create.length} made for new nodes, ${diff.delete.length} removed with nodes that left`);
  } finally {
    client.destroy();
  }
}

/** After a delete: the cluster's alarms go too. */
export async function alarmsAfterDelete(ctx: Context, name: string): Promise<void> {
  const read = await readAlarms(ctx, name);
  if (read === undefined) return;
  const { client, existing } = read;
  try {
    if (existing.length === 0) return;
    const deleted = await step(ctx, name, 'deleted', 'delete', () => deleteClusterAlarms(client, name, existing));
    note(ctx, `alarms: deleted ${deleted}`);
  } finally {
    client.destroy();
  }
}
