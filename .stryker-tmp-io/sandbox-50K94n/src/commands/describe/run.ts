// @ts-nocheck
// memctl describe <cluster>: one cluster with its shards, nodes and endpoints.
import type { Context } from '../../context.js';
import { writeOutput } from '../../lib/io/output.js';
import { validateName } from '../../lib/control/validate.js';
import { clusterDetailView } from '../views/cluster.js';
import { clusterNoun, getCluster } from '../options/service.js';

export interface DescribeFlags {
  roles?: boolean;
}

export async function run(ctx: Context, name: string, flags: DescribeFlags = {}): Promise<void> {
  const clusterName = validateName(clusterNoun(ctx.service), name);
  const plane = await ctx.controlPlane();
  let cluster = await getCluster(ctx, plane, clusterName, { shards: true });
  // MemoryDB's API has no node roles; ask the nodes (by default when they are local and reachable).
  const needRoles = (flags.roles ?? ctx.local) && cluster.shards?.some((s) => s.nodes.some((n) => n.role === undefined)) === true;
  if (needRoles && cluster.status !== 'creating') {
    const { withNodeRoles } = await import('../../lib/control/roles.js');
    cluster = await withNodeRoles(cluster, { tls: cluster.tls ? await ctx.nodeTls() : null, timeoutMs: 2000, auth: await ctx.localNodeAuth(cluster.name) });
  }
  await writeOutput(ctx.io, clusterDetailView(cluster), ctx.output);
}
