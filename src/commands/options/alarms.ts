// The alarm steps of other commands: `create` makes the standard set (unless --no-alarms),
// `scale` keeps a cluster's alarms in step with its nodes, `delete` removes them. Each says on
// stderr what it did; a step that fails after the cluster change succeeded is reported as
// incomplete (exit 7) with the command that finishes it.
import type { Context } from '../../context.js';
import { IncompleteError } from '../../lib/io/errors.js';
import { alarmTarget, applyClusterAlarms, deleteClusterAlarms, followClusterAlarms } from '../../lib/control/alarm-sync.js';
import { memctlCommand } from './wait.js';
import type { AlarmSettings } from './alarm-settings.js';

function note(ctx: Context, text: string): void {
  if (!ctx.quiet) ctx.io.stderr.write(`${text}\n`);
}

async function withCloudWatch<T>(ctx: Context, name: string, what: string, retry: string, work: (client: Awaited<ReturnType<Context['cloudwatch']>>) => Promise<T>): Promise<T> {
  let client: Awaited<ReturnType<Context['cloudwatch']>> | undefined;
  try {
    client = await ctx.cloudwatch();
    return await work(client);
  } catch (err) {
    throw new IncompleteError(`${what} ${name}, but its alarms were not ${retry === 'apply' ? 'made' : 'updated'}: ${(err as Error).message}`, {
      hint: `run \`${memctlCommand(ctx, `alarms ${retry} ${name}`)}\` to finish`,
      cause: err,
    });
  } finally {
    client?.destroy();
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
  const { diff } = await withCloudWatch(ctx, name, 'created', 'apply', (client) => applyClusterAlarms(client, target, settings));
  note(ctx, `alarms: made ${diff.create.length}, updated ${diff.update.length} for ${target.nodes.length} node(s)${settings.topics.length > 0 ? `, notifying ${settings.topics.join(', ')}` : ''} (\`memctl alarms list ${name}\`)`);
}

/** After a scale: alarms follow the nodes (only for a cluster that has memctl alarms). */
export async function alarmsAfterScale(ctx: Context, name: string): Promise<void> {
  const plane = await ctx.controlPlane();
  const cluster = await plane.getCluster(name, { shards: true });
  const target = alarmTarget(ctx.service, cluster);
  const { diff, existing } = await withCloudWatch(ctx, name, 'scaled', 'apply', (client) => followClusterAlarms(client, target));
  if (existing.length > 0) note(ctx, `alarms: ${diff.create.length} made for new nodes, ${diff.delete.length} removed with nodes that left`);
}

/** After a delete: the cluster's alarms go too. */
export async function alarmsAfterDelete(ctx: Context, name: string): Promise<void> {
  const deleted = await withCloudWatch(ctx, name, 'deleted', 'delete', (client) => deleteClusterAlarms(client, name));
  if (deleted > 0) note(ctx, `alarms: deleted ${deleted}`);
}
