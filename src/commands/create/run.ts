// memctl create <cluster>: provision a cluster, optionally waiting until it is available.
import type { Context } from '../../context.js';
import { writeOutput } from '../../lib/io/output.js';
import type { Cluster } from '../../lib/control/model.js';
import { createdView } from '../views/cluster.js';
import { createSpec, type CreateFlags } from '../options/cluster-spec.js';
import { clusterNoun, createAuthToken } from '../options/service.js';
import { memctlCommand, waitForAvailable, waitTimeoutMs } from '../options/wait.js';

export async function run(ctx: Context, name: string, flags: CreateFlags): Promise<void> {
  const spec = createSpec(ctx, name, flags);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 90 * 60_000);
  const token = await createAuthToken(ctx, spec.name, flags);
  if (token !== undefined) spec.authToken = token.value;
  const plane = await ctx.controlPlane();
  let cluster: Cluster | undefined;
  let generated = token?.generated === true ? token.value : undefined;
  if (flags.ifNotExists === true) {
    cluster = await plane.findCluster(spec.name);
    if (cluster !== undefined) {
      generated = undefined; // never set: the existing group keeps its token
      if (!ctx.quiet) ctx.io.stderr.write(`${ctx.service === 'memorydb' ? 'cluster' : 'replication group'} ${spec.name} already exists (${cluster.status}); nothing to create\n`);
    }
  }
  cluster ??= await plane.createCluster(spec);
  if (flags.wait === true) {
    cluster = await waitForAvailable(ctx, plane, spec.name, {
      what: `${clusterNoun(ctx.service)} ${spec.name} to become available`,
      resume: memctlCommand(ctx, `create ${spec.name} --if-not-exists --wait`),
      timeoutMs,
    });
  }
  await writeOutput(ctx.io, createdView(cluster, generated), ctx.output);
}
