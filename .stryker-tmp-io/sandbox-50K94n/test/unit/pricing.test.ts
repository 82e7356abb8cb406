// @ts-nocheck
// Cost estimates against hand calculations from the same price table (made-up test prices), the
// Price List API's answers read into node prices, the price file checked, and where prices come
// from (file, fresh cache, the API, a stale cache when the API fails; a stand-in API client).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPriceTable, estimateCost, HOURS_PER_MONTH, nodePricesFromPriceList, type PriceTable } from '../../src/lib/control/pricing.js';
import { loadPrices } from '../../src/lib/control/price-source.js';
import { sizeInGB } from '../../src/commands/cost/run.js';

const dir = mkdtempSync(join(tmpdir(), 'memctl-pricing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const table: PriceTable = {
  date: '2026-01-01',
  source: 'test table',
  nodes: {
    memorydb: { 'us-east-1': { 'db.r7g.large': { onDemand: 0.5, reserved1y: 0.35, reserved3y: 0.25 } }, 'eu-west-1': { 'db.r7g.large': { onDemand: 0.55 } } },
    elasticache: { 'us-east-1': { 'cache.r7g.large': { onDemand: 0.2 } } },
  },
  dataWrittenPerGB: { 'us-east-1': 0.2 },
  snapshotPerGBMonth: { memorydb: { 'us-east-1': 0.021 }, elasticache: { 'us-east-1': 0.085 } },
};

describe('cost estimates', () => {
  it('equal hand calculations: node-hours, reservations, data written, snapshots beyond the free amount', () => {
    const e = estimateCost({ service: 'memorydb', region: 'us-east-1', nodeType: 'db.r7g.large', nodes: 6, writtenGBPerMonth: { value: 100, source: 'flag' }, snapshotGB: 50, freeSnapshotGB: 20 }, table);
    // 6 nodes x 730 h x $0.50 = $2,190; 100 GB x $0.20 = $20; (50 - 20) GB x $0.021 = $0.63.
    expect(e.lines.map((l) => l.monthly)).toEqual([2190, 20, 0.63]);
    expect(e.monthly).toBe(2210.63);
    expect(e.reserved1y).toBe(Math.round((6 * 730 * 0.35 + 20.63) * 100) / 100);
    expect(e.reserved3y).toBe(Math.round((6 * 730 * 0.25 + 20.63) * 100) / 100);
    expect(e.missing).toEqual([]);
    expect(e.lines[0]?.source).toBe('test table, 2026-01-01');
    expect(HOURS_PER_MONTH).toBe(730);
  });

  it('another region and service, and what the table cannot price', () => {
    expect(estimateCost({ service: 'memorydb', region: 'eu-west-1', nodeType: 'db.r7g.large', nodes: 2 }, table).monthly).toBe(803);
    const ec = estimateCost({ service: 'elasticache', region: 'us-east-1', nodeType: 'cache.r7g.large', nodes: 3, snapshotGB: 10 }, table);
    expect(ec.monthly).toBe(Math.round((3 * 730 * 0.2 + 10 * 0.085) * 100) / 100);
    expect(ec.reserved1y).toBeUndefined();
    const unknown = estimateCost({ service: 'memorydb', region: 'ap-south-1', nodeType: 'db.r7g.large', nodes: 2, writtenGBPerMonth: { value: 5, source: 'x' } }, table);
    expect(unknown.missing).toEqual(['db.r7g.large in ap-south-1', 'data written in ap-south-1']);
    expect(unknown.monthly).toBe(0);
  });

  it('reads snapshot sizes as the services report them', () => {
    expect(sizeInGB('512.0 MB')).toBe(0.5);
    expect(sizeInGB('2 GB')).toBe(2);
    expect(sizeInGB(undefined)).toBe(0);
  });
});

/** A GetProducts answer for one node type, in the Price List's form. */
function priceListItem(region: string, type: string, onDemand: string, reserved: Array<[string, string, string]>): string {
  return JSON.stringify({
    product: { productFamily: 'Amazon MemoryDB', attributes: { regionCode: region, instanceType: type } },
    terms: {
      OnDemand: { 'A.1': { priceDimensions: { 'A.1.2': { unit: 'Hrs', pricePerUnit: { USD: onDemand } } } } },
      Reserved: Object.fromEntries(
        reserved.map(([length, option, usd], i) => [`R.${i}`, { termAttributes: { LeaseContractLength: length, PurchaseOption: option }, priceDimensions: { x: { unit: 'Hrs', pricePerUnit: { USD: usd } }, y: { unit: 'Quantity', pricePerUnit: { USD: '100' } } } }]),
      ),
    },
  });
}

describe('the Price List API', () => {
  it('its answers become node prices: on demand, and the no-upfront reservations', () => {
    const prices = nodePricesFromPriceList([
      priceListItem('us-east-1', 'db.r7g.large', '0.5000000000', [['1yr', 'No Upfront', '0.35'], ['1yr', 'All Upfront', '0'], ['3yr', 'No Upfront', '0.25']]),
      priceListItem('us-east-1', 'db.r7g.xlarge', '1.0', []),
      'not json',
    ]);
    expect(prices).toEqual({ 'us-east-1': { 'db.r7g.large': { onDemand: 0.5, reserved1y: 0.35, reserved3y: 0.25 }, 'db.r7g.xlarge': { onDemand: 1 } } });
  });

  it('prices come from a file, a fresh cache, the API, or a stale cache when the API fails', async () => {
    const need = { service: 'memorydb' as const, region: 'us-east-1', nodeTypes: ['db.r7g.large'] };
    let calls = 0;
    const api = { send: async () => ((calls += 1), { PriceList: [priceListItem('us-east-1', 'db.r7g.large', '0.5', [])] }) };
    const failing = { send: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND api.pricing.us-east-1.amazonaws.com')) };
    const cacheDir = join(dir, 'cache');
    const first = await loadPrices(need, { cacheDir, client: async () => api as never, now: 1_000 });
    expect([first.how, first.table.nodes.memorydb?.['us-east-1']?.['db.r7g.large']?.onDemand, calls]).toEqual(['AWS Price List API', 0.5, 1]);
    const cached = await loadPrices(need, { cacheDir, client: async () => api as never, now: 2_000 });
    expect(cached.how).toMatch(/^AWS Price List API \(cached \d{4}-\d{2}-\d{2}\)$/);
    expect(calls).toBe(1);
    const stale = await loadPrices(need, { cacheDir, client: async () => failing as never, now: 1_000 + 8 * 86_400_000 });
    expect(stale.how).toMatch(/stale: getaddrinfo ENOTFOUND/);
    await expect(loadPrices(need, { cacheDir: join(dir, 'empty'), client: async () => failing as never })).rejects.toThrow(/the AWS Price List API answered getaddrinfo ENOTFOUND .*--price-file or MEMCTL_PRICE_FILE/);
    const file = join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify(table));
    expect((await loadPrices(need, { priceFile: file, cacheDir, client: async () => failing as never })).how).toBe(`price file ${file}`);
  });

  it('a price file says what is wrong with it', () => {
    expect(() => checkPriceTable({ nodes: {} }, 'p.json')).toThrow(/"date" must be YYYY-MM-DD/);
    expect(() => checkPriceTable({ date: '2026-01-01', nodes: { redis: {} } }, 'p.json')).toThrow(/unknown service "redis"/);
    expect(() => checkPriceTable({ date: '2026-01-01', nodes: { memorydb: { 'us-east-1': { 'db.r7g.large': { hourly: 1 } } } } }, 'p.json')).toThrow(/unknown price "hourly"/);
    expect(checkPriceTable(table, 'p.json').source).toBe('test table');
  });
});
