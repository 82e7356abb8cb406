// @ts-nocheck
// memctl metrics <cluster>: every node's standard metrics from CloudWatch (AWS/MemoryDB or
// AWS/ElastiCache), read in one batched round of GetMetricData calls; a table with min / average /
// max / last and a sparkline per node and metric, or the documented JSON shape (docs/output.md).
import type { Context } from '../../context.js';
import { InterruptedError, UsageError } from '../../lib/io/errors.js';
import { stoppedBy } from '../../lib/io/signals.js';
import { writeOutput } from '../../lib/io/output.js';
import { abortableSleep } from '../../lib/io/sleep.js';
import { DEFAULT_METRICS, METRICS, NAMESPACES } from '../../lib/control/metric-catalog.js';
import { readMetrics, type MetricRequest } from '../../lib/control/metrics.js';
import { validateName } from '../../lib/control/validate.js';
import { clusterNoun } from '../options/service.js';
import { metricsView, parseMetricsFlags, type MetricsFlags } from './plan.js';

export async function run(ctx: Context, name: string, flags: MetricsFlags): Promise<void> {
  const cluster = validateName(clusterNoun(ctx.service), name);
  // Everything the flags say is checked before any call.
  const plan = parseMetricsFlags(flags, { service: ctx.service, local: ctx.local, metrics: METRICS[ctx.service].map((m) => m.name), defaults: DEFAULT_METRICS[ctx.service] });
  const plane = await ctx.controlPlane();
  const described = await plane.getCluster(cluster, { shards: true });
  const shards = (described.shards ?? []).map((s) => s.nodes.map((n) => n.name));
  const allNodes = shards.flat();
  const unknown = plan.nodes.filter((n) => !allNodes.includes(n));
  if (unknown.length > 0) throw new UsageError(`${described.name} has no node ${unknown.join(', ')}: its nodes are ${allNodes.join(', ') || '(none)'}`);
  const nodes = plan.nodes.length > 0 ? plan.nodes : allNodes;
  const client = await ctx.cloudwatch();
  try {
    for (let round = 0; ; round++) {
      const end = new Date();
      const request: MetricRequest = { service: ctx.service, cluster: described.name, nodes, metrics: plan.metrics, stat: plan.stat, periodSeconds: plan.periodSeconds, start: plan.start(end), end };
      const started = Date.now();
      const result = await readMetrics(client, request);
      const view = metricsView(request, NAMESPACES[ctx.service], result, Date.now() - started, shards);
      if (plan.watch && ctx.io.animate && round > 0) ctx.io.stdout.write('\x1b[H\x1b[2J');
      await writeOutput(ctx.io, view, ctx.output);
      if (!plan.watch || stopped(ctx)) return;
      await abortableSleep(Math.max(5, plan.periodSeconds) * 1000, ctx.signal);
      // Ctrl-C ends a watch: the normal way out (exit 0); SIGTERM exits 143 as everywhere.
      if (stopped(ctx)) return;
      if (!ctx.io.animate) ctx.io.stdout.write('\n');
    }
  } finally {
    client.destroy();
  }
}

function stopped(ctx: Context): boolean {
  if (stoppedBy(ctx.signal) === 'SIGTERM') throw new InterruptedError('stopped by SIGTERM');
  return ctx.signal?.aborted === true;
}
