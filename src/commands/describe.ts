// memctl describe <cluster>: one cluster with its shards, nodes and endpoints.
import type { Context } from '../context.js';
import { writeOutput } from '../lib/io/output.js';
import { validateName } from '../lib/control/validate.js';
import { clusterDetailView } from './cluster-view.js';

export async function run(ctx: Context, name: string): Promise<void> {
  const clusterName = validateName('cluster', name);
  const plane = await ctx.controlPlane();
  const cluster = await plane.getCluster(clusterName, { shards: true });
  await writeOutput(ctx.io, clusterDetailView(cluster), ctx.output);
}
