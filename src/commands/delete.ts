// memctl delete <cluster>: asks on a terminal, needs --yes otherwise; --wait until it is gone.
import type { Context } from '../context.js';
import { writeOutput } from '../lib/io/output.js';
import { startProgress } from '../lib/io/progress.js';
import { confirmDestructive } from '../lib/io/prompt.js';
import type { Cluster } from '../lib/control/model.js';
import { validateName } from '../lib/control/validate.js';
import { waitFor } from '../lib/control/wait.js';
import { waitTimeoutMs } from './create.js';

export interface DeleteFlags {
  wait?: boolean;
  timeout?: string;
}

export async function run(ctx: Context, name: string, flags: DeleteFlags): Promise<void> {
  const clusterName = validateName('cluster', name);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 60 * 60_000);
  await confirmDestructive(ctx.io, {
    question: `Delete cluster ${clusterName} and all of its data?`,
    action: `to delete cluster ${clusterName}`,
    yes: ctx.yes,
  });
  const plane = await ctx.controlPlane();
  const current = await plane.getCluster(clusterName);
  let cluster: Cluster = current.status === 'deleting' ? current : await plane.deleteCluster(clusterName);
  if (flags.wait === true) {
    const progress = await startProgress(ctx.io, `waiting for cluster ${clusterName} to be deleted`, { quiet: ctx.quiet });
    await waitFor<Cluster>({
      poll: () => plane.findCluster(clusterName),
      done: (c) => c === undefined,
      describe: (c) => c?.status ?? 'deleted',
      what: `cluster ${clusterName} to be deleted`,
      resume: `memctl${ctx.local ? ' --local' : ''} delete ${clusterName} --yes --wait`,
      timeoutMs,
      intervalMs: ctx.pollIntervalMs,
      progress,
      signal: ctx.signal,
    });
    cluster = { ...cluster, status: 'deleted' };
  }
  await writeOutput(
    ctx.io,
    { data: { name: cluster.name, status: cluster.status, arn: cluster.arn }, blocks: [{ kind: 'fields', fields: [['name', cluster.name], ['status', cluster.status]] }] },
    ctx.output,
  );
}
