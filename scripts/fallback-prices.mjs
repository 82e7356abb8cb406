#!/usr/bin/env node
// Rebuilds src/lib/control/fallback-prices.ts, the price table shipped with memctl, from the AWS
// Price List API (GetProducts; network and AWS credentials with pricing:GetProducts needed): node
// prices of every node type memctl knows, for both services, in the common regions, dated today.
//   node scripts/fallback-prices.mjs [--regions us-east-1,eu-west-1] [--dry-run]
// --dry-run prints the table instead of writing it. Snapshot and data-written prices are not in
// the Price List answers memctl reads; the ones in the current table are kept.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const COMMON_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'eu-north-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'sa-east-1'];
const { values } = parseArgs({ options: { regions: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
const regions = values.regions === undefined ? COMMON_REGIONS : values.regions.split(',').map((r) => r.trim()).filter(Boolean);
const target = new URL('../src/lib/control/fallback-prices.ts', import.meta.url);

// The project's own Price List reader and node-type catalogue, bundled for this run next to the
// packages it imports (which stay outside the bundle).
const cache = new URL('../node_modules/.cache/', import.meta.url).pathname;
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'memctl-prices-'));
try {
  const entry = join(dir, 'entry.ts');
  const src = new URL('../src/lib/control/', import.meta.url).pathname;
  writeFileSync(entry, `export { fromPriceList } from '${src}price-source.ts';\nexport { nodeTypes } from '${src}node-types.ts';\nexport { FALLBACK_PRICES } from '${src}fallback-prices.ts';\nexport { PricingClient } from '@aws-sdk/client-pricing';\n`);
  await build({ entryPoints: [entry], outfile: join(dir, 'prices.mjs'), bundle: true, format: 'esm', platform: 'node', logLevel: 'warning', packages: 'external' });
  const { fromPriceList, nodeTypes, FALLBACK_PRICES, PricingClient } = await import(join(dir, 'prices.mjs'));
  const client = new PricingClient({ region: 'us-east-1' });
  const nodes = {};
  for (const service of ['memorydb', 'elasticache']) {
    const known = new Set(nodeTypes(service));
    for (const region of regions) {
      const table = await fromPriceList(client, { service, region, nodeTypes: [] }, 200);
      const prices = Object.fromEntries(Object.entries(table.nodes[service]?.[region] ?? {}).filter(([key]) => known.has(key.split('/')[0])).sort(([a], [b]) => a.localeCompare(b)));
      process.stderr.write(`${service} ${region}: ${Object.keys(prices).length} prices\n`);
      if (Object.keys(prices).length > 0) (nodes[service] ??= {})[region] = prices;
    }
  }
  const table = { date: new Date().toISOString().slice(0, 10), source: 'price table shipped with memctl', nodes, ...(FALLBACK_PRICES.snapshotPerGBMonth ? { snapshotPerGBMonth: FALLBACK_PRICES.snapshotPerGBMonth } : {}), ...(FALLBACK_PRICES.dataWrittenPerGB ? { dataWrittenPerGB: FALLBACK_PRICES.dataWrittenPerGB } : {}) };
  const header = readFileSync(target, 'utf8').split('\nexport const')[0];
  const text = `${header}\nexport const FALLBACK_PRICES: PriceTable = ${JSON.stringify(table, null, 2)};\n`;
  if (values['dry-run']) process.stdout.write(text);
  else writeFileSync(target, text);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
