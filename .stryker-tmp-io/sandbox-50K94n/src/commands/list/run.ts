// @ts-nocheck
// memctl list: every cluster in the region (all pages).
import type { Context } from '../../context.js';
import { writeOutput } from '../../lib/io/output.js';
import { clusterListView } from '../views/cluster.js';

export async function run(ctx: Context): Promise<void> {
  const plane = await ctx.controlPlane();
  const clusters = await plane.listClusters();
  await writeOutput(ctx.io, clusterListView(clusters), ctx.output);
}
