// @ts-nocheck
// memctl create <cluster>: provision a cluster (or restore one, --from-snapshot), optionally
// waiting until it is available, then make the standard CloudWatch alarms for its nodes (unless
// --no-alarms). The provisioning is options/provision.ts's, shared with snapshot restore.
import type { Context } from '../../context.js';
import type { CreateFlags } from '../options/cluster-spec.js';
import { UsageError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import { parseAlarmSettings } from '../options/alarm-settings.js';
import { alarmsAfterCreate } from '../options/alarms.js';
import { provision } from '../options/provision.js';
import { costText, dryRunCosts } from '../options/cost.js';
import { provisionedView } from '../views/cluster.js';

export async function run(ctx: Context, name: string, flags: CreateFlags): Promise<void> {
  if (flags.alarms === false && flags.alarmSnsTopicArn !== undefined) throw new UsageError('--alarm-sns-topic-arn goes with the alarms; it does not go with --no-alarms');
  const alarms = flags.alarms === false ? undefined : parseAlarmSettings({ snsTopicArn: flags.alarmSnsTopicArn }, '--alarm-sns-topic-arn');
  const result = await provision(ctx, name, flags);
  if (result.dryRun) {
    // What it would cost, next to what it would ask for.
    const [cost] = await dryRunCosts(ctx, [{ nodeType: result.spec.nodeType, nodes: result.spec.shards * (result.spec.replicas + 1) }]);
    const view = provisionedView(result);
    if (cost !== undefined) {
      view.data = { ...(view.data as object), cost };
      view.blocks.push({ kind: 'fields', fields: [['cost', costText(cost)]] });
    }
    await writeOutput(ctx.io, view, ctx.output);
    return;
  }
  await writeOutput(ctx.io, provisionedView(result), ctx.output);
  if (!result.dryRun && alarms !== undefined) await alarmsAfterCreate(ctx, result.cluster.name, alarms);
}
