// @ts-nocheck
// memctl cost <cluster>: a monthly estimate from the cluster as it is (node type and count, its
// snapshots' sizes) and a price table (the AWS Price List API, cached, or --price-file); with
// --max-monthly a budget check for CI (exit 6 above it, after printing the estimate).
import type { Context } from '../../context.js';
import { ConflictError, IncompleteError, MemctlError, UsageError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import { estimateCost, type CostEstimate } from '../../lib/control/pricing.js';
import { loadPrices, readPriceFile } from '../../lib/control/price-source.js';
import { validateName } from '../../lib/control/validate.js';
import { clusterNoun, getCluster } from '../options/service.js';
import { priceCacheDir } from '../options/cost.js';

export interface CostFlags {
  priceFile?: string;
  writeGbPerMonth?: string;
  maxMonthly?: string;
}

function amount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) throw new UsageError(`invalid ${flag} "${value}": expected a number of at least 0`);
  return n;
}

/** "11.0 MB" (as the services report a snapshot shard's size) in GB. */
export function sizeInGB(size: string | undefined): number {
  const match = /^([\d.]+)\s*(B|KB|MB|GB|TB)$/i.exec((size ?? '').trim());
  if (match === null) return 0;
  const unit = { b: 1 / 1024 ** 3, kb: 1 / 1024 ** 2, mb: 1 / 1024, gb: 1, tb: 1024 }[(match[2] as string).toLowerCase() as 'b'];
  return Number(match[1]) * unit;
}

export function costView(name: string, region: string, how: string, estimate: CostEstimate) {
  const usd = (n: number | undefined): string => (n === undefined ? '-' : `$${n.toFixed(2)}`);
  return {
    data: { cluster: name, region, prices: how, ...estimate },
    blocks: [
      {
        kind: 'fields' as const,
        fields: [
          ['cluster', name],
          ['region', region],
          ['prices', how],
          ['monthly (on demand)', usd(estimate.monthly)],
          ['monthly (reserved 1y)', usd(estimate.reserved1y)],
          ['monthly (reserved 3y)', usd(estimate.reserved3y)],
          ['not priced', estimate.missing.length === 0 ? undefined : estimate.missing.join('; ')],
        ] as Array<[string, unknown]>,
      },
      { kind: 'table' as const, headers: ['item', 'quantity', 'unit', 'rate', 'monthly', 'source'], rows: estimate.lines.map((l) => [l.item, l.quantity, l.unit, `$${l.rate}`, usd(l.monthly), l.source]) },
    ],
  };
}

export async function run(ctx: Context, name: string, flags: CostFlags): Promise<void> {
  const fromEnv = process.env.MEMCTL_PRICE_FILE;
  if (flags.priceFile === undefined && fromEnv !== undefined && fromEnv !== '') flags.priceFile = fromEnv;
  const clusterName = validateName(clusterNoun(ctx.service), name);
  const written = amount('--write-gb-per-month', flags.writeGbPerMonth);
  const budget = amount('--max-monthly', flags.maxMonthly);
  if (written !== undefined && ctx.service !== 'memorydb') throw new UsageError('--write-gb-per-month is for MemoryDB (ElastiCache does not charge for data written)');
  // A price file is read and checked before any call.
  if (flags.priceFile !== undefined) {
    await readPriceFile(flags.priceFile).catch((err: Error) => {
      throw new UsageError(err.message);
    });
  }
  const plane = await ctx.controlPlane();
  const cluster = await getCluster(ctx, plane, clusterName, { shards: true });
  const nodes = (cluster.shards ?? []).reduce((n, s) => n + s.nodes.length, 0) || cluster.shardCount * ((cluster.replicasPerShard ?? 0) + 1);
  const snapshots = await plane.listSnapshots({ cluster: cluster.name, detail: true });
  const snapshotGB = snapshots.reduce((gb, s) => gb + (s.shards ?? []).reduce((g, shard) => g + sizeInGB(shard.size), 0), 0);
  const region = (await ctx.awsSettings()).region ?? 'us-east-1';
  let prices;
  try {
    prices = await loadPrices(
      { service: ctx.service, region, nodeTypes: [cluster.nodeType] },
      { ...(flags.priceFile === undefined ? {} : { priceFile: flags.priceFile }), cacheDir: priceCacheDir(process.env), client: async () => (await import('../../lib/aws/clients.js')).pricingClient({ settings: await ctx.awsSettings(), debug: ctx.debug }) },
    );
  } catch (err) {
    throw new MemctlError((err as Error).message, 1);
  }
  const estimate = estimateCost(
    {
      service: ctx.service,
      region,
      nodeType: cluster.nodeType,
      nodes,
      ...(written === undefined ? {} : { writtenGBPerMonth: { value: written, source: '--write-gb-per-month' } }),
      snapshotGB,
      freeSnapshotGB: prices.table.freeSnapshotGB?.[ctx.service] ?? 0,
    },
    prices.table,
  );
  await writeOutput(ctx.io, costView(cluster.name, region, prices.how, estimate), ctx.output);
  if (estimate.missing.length > 0) throw new IncompleteError(`the estimate leaves out what the prices do not cover: ${estimate.missing.join('; ')}`);
  if (budget !== undefined && estimate.monthly > budget) {
    throw new ConflictError(`${cluster.name} costs $${estimate.monthly.toFixed(2)} a month on demand, above --max-monthly ${budget}`);
  }
}
