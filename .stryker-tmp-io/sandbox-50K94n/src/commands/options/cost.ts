// @ts-nocheck
// The monthly cost lines of `create --dry-run` and `scale --dry-run`: node-hours on demand for a
// node type and count, priced like `memctl cost` (the Price List API, cached; or the file
// MEMCTL_PRICE_FILE names). A dry run never fails for want of prices: it says why there is none.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Context } from '../../context.js';
import { estimateCost } from '../../lib/control/pricing.js';
import { loadPrices } from '../../lib/control/price-source.js';

export interface NodeShape {
  nodeType: string;
  nodes: number;
}

export type DryRunCost = { monthly: number; prices: string } | { unknown: string };

export function priceCacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache'), 'memctl');
}

/** The on-demand monthly cost of each shape (same prices for all), or why it is unknown. */
export async function dryRunCosts(ctx: Context, shapes: NodeShape[]): Promise<DryRunCost[]> {
  const region = (await ctx.awsSettings()).region ?? 'us-east-1';
  const priceFile = process.env.MEMCTL_PRICE_FILE;
  try {
    const prices = await loadPrices(
      { service: ctx.service, region, nodeTypes: [...new Set(shapes.map((s) => s.nodeType))] },
      { ...(priceFile === undefined || priceFile === '' ? {} : { priceFile }), cacheDir: priceCacheDir(process.env), client: async () => (await import('../../lib/aws/clients.js')).pricingClient({ settings: await ctx.awsSettings(), debug: ctx.debug }) },
    );
    return shapes.map((s) => {
      const e = estimateCost({ service: ctx.service, region, nodeType: s.nodeType, nodes: s.nodes }, prices.table);
      return e.missing.length > 0 ? { unknown: `no price for ${e.missing.join(', ')} (${prices.how})` } : { monthly: e.monthly, prices: prices.how };
    });
  } catch (err) {
    return shapes.map(() => ({ unknown: (err as Error).message }));
  }
}

export function costText(cost: DryRunCost): string {
  return 'unknown' in cost ? `unknown (${cost.unknown})` : `$${cost.monthly.toFixed(2)} a month on demand (prices: ${cost.prices})`;
}
