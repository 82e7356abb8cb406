// @ts-nocheck
// memctl delete <cluster>: asks on a terminal, needs --yes otherwise; --final-snapshot keeps the
// data; --wait until it is gone.
import type { Context } from '../../context.js';
import { ConflictError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import type { Cluster } from '../../lib/control/model.js';
import { validateName, validateSnapshotName } from '../../lib/control/validate.js';
import { memctlCommand, waitForGone, waitTimeoutMs } from '../options/wait.js';
import { clusterNoun, getCluster } from '../options/service.js';
import { alarmsAfterDelete } from '../options/alarms.js';

export interface DeleteFlags {
  wait?: boolean;
  timeout?: string;
  finalSnapshot?: string;
}

export async function run(ctx: Context, name: string, flags: DeleteFlags): Promise<void> {
  const clusterName = validateName(clusterNoun(ctx.service), name);
  const finalSnapshot = flags.finalSnapshot === undefined ? undefined : validateSnapshotName(flags.finalSnapshot);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 60 * 60_000);
  await confirmDestructive(ctx.io, {
    question: `Delete ${clusterNoun(ctx.service)} ${clusterName}${finalSnapshot === undefined ? ' and all of its data' : ` (keeping a final snapshot ${finalSnapshot})`}?`,
    action: `to delete ${clusterNoun(ctx.service)} ${clusterName}`,
    yes: ctx.yes,
  });
  const plane = await ctx.controlPlane();
  const current = await getCluster(ctx, plane, clusterName);
  if (finalSnapshot !== undefined && (await plane.findSnapshot(finalSnapshot, { detail: false })) !== undefined) {
    throw new ConflictError(`snapshot "${finalSnapshot}" already exists; choose another --final-snapshot name`);
  }
  let cluster: Cluster = current.status === 'deleting' ? current : await plane.deleteCluster(clusterName, { finalSnapshot });
  if (flags.wait === true) {
    await waitForGone(ctx, plane, clusterName, {
      what: `${clusterNoun(ctx.service)} ${clusterName} to be deleted`,
      resume: memctlCommand(ctx, `delete ${clusterName} --yes --wait`),
      timeoutMs,
    });
    cluster = { ...cluster, status: 'deleted' };
  }
  const data = { name: cluster.name, status: cluster.status, arn: cluster.arn, finalSnapshot };
  await writeOutput(
    ctx.io,
    {
      data,
      blocks: [{ kind: 'fields', fields: [['name', cluster.name], ['status', cluster.status], ...(finalSnapshot === undefined ? [] : ([['final snapshot', finalSnapshot]] as Array<[string, unknown]>))] }],
    },
    ctx.output,
  );
  // The cluster's alarms go with it (after it is gone with --wait, or once the deletion is under way).
  await alarmsAfterDelete(ctx, clusterName);
}
