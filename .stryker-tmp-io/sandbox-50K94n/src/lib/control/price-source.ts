// @ts-nocheck
// Where `memctl cost` gets its prices: a --price-file; else a cached answer of the AWS Price List
// API less than a week old; else the Price List API itself (GetProducts, cached on disk with its
// date); a stale cached answer when the API cannot be reached. The estimate says which was used.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import { checkPriceTable, nodePricesFromPriceList, PRICE_SERVICE_CODES, type PriceTable } from './pricing.js';
import type { ServiceName } from './model.js';

const FRESH_MS = 7 * 86_400_000;
const MAX_PAGES = 20;

export interface PriceNeed {
  service: ServiceName;
  region: string;
  nodeTypes: string[];
}

export async function readPriceFile(path: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the price file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`the price file ${path} is not JSON`);
  }
  return checkPriceTable(value, path);
}

function covers(table: PriceTable, need: PriceNeed): boolean {
  return need.nodeTypes.every((t) => table.nodes[need.service]?.[need.region]?.[t] !== undefined);
}

function cacheFile(cacheDir: string, need: PriceNeed): string {
  return join(cacheDir, `prices-${need.service}-${need.region}.json`);
}

async function readCache(file: string): Promise<{ table: PriceTable; at: number } | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as { savedAt: number; table: PriceTable };
    return { table: value.table, at: value.savedAt };
  } catch {
    return undefined;
  }
}

/** Node prices from the Price List API for the node types needed (every page, bounded). */
async function fromPriceList(client: Pick<PricingClient, 'send'>, need: PriceNeed): Promise<PriceTable> {
  const items: string[] = [];
  for (const nodeType of need.nodeTypes) {
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = await client.send(
        new GetProductsCommand({
          ServiceCode: PRICE_SERVICE_CODES[need.service],
          Filters: [
            { Type: 'TERM_MATCH', Field: 'regionCode', Value: need.region },
            { Type: 'TERM_MATCH', Field: 'instanceType', Value: nodeType },
          ],
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      );
      items.push(...((out.PriceList ?? []) as unknown[]).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))));
      token = out.NextToken;
      if (token === undefined) break;
    }
  }
  const prices = nodePricesFromPriceList(items);
  return { date: new Date().toISOString().slice(0, 10), source: 'AWS Price List API', nodes: { [need.service]: prices } };
}

export interface LoadedPrices {
  table: PriceTable;
  /** How they were had, for the output: file, cache, api, stale cache. */
  how: string;
}

export async function loadPrices(need: PriceNeed, options: { priceFile?: string; cacheDir: string; client: () => Promise<Pick<PricingClient, 'send'>>; now?: number }): Promise<LoadedPrices> {
  if (options.priceFile !== undefined) return { table: await readPriceFile(options.priceFile), how: `price file ${options.priceFile}` };
  const now = options.now ?? Date.now();
  const file = cacheFile(options.cacheDir, need);
  const cached = await readCache(file);
  if (cached !== undefined && now - cached.at < FRESH_MS && covers(cached.table, need)) return { table: cached.table, how: `AWS Price List API (cached ${cached.table.date})` };
  try {
    const table = await fromPriceList(await options.client(), need);
    if (!covers(table, need)) throw new Error(`no price for ${need.nodeTypes.join(', ')} in ${need.region}`);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify({ savedAt: now, table })}\n`);
    return { table, how: 'AWS Price List API' };
  } catch (err) {
    if (cached !== undefined && covers(cached.table, need)) return { table: cached.table, how: `AWS Price List API, cached ${cached.table.date} (stale: ${(err as Error).message})` };
    throw new Error(`no prices for ${need.service} ${need.nodeTypes.join(', ')} in ${need.region}: the AWS Price List API answered ${(err as Error).message}; give prices in a file (--price-file or MEMCTL_PRICE_FILE; docs/cost.md shows its form)`);
  }
}
