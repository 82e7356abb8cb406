// memctl create <cluster>: provision a cluster (or restore one, --from-snapshot), optionally
// waiting until it is available. The work is options/provision.ts's, shared with snapshot restore.
import type { Context } from '../../context.js';
import type { CreateFlags } from '../options/cluster-spec.js';
import { writeOutput } from '../../lib/io/output.js';
import { provision } from '../options/provision.js';
import { provisionedView } from '../views/cluster.js';

export async function run(ctx: Context, name: string, flags: CreateFlags): Promise<void> {
  await writeOutput(ctx.io, provisionedView(await provision(ctx, name, flags)), ctx.output);
}
