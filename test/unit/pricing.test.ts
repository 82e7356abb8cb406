// Cost estimates against hand calculations from the same price table (made-up test prices), the
// Price List API's answers read into node prices, the price file checked, and where prices come
// from (file, fresh cache, the API, a stale cache when the API fails; a stand-in API client).
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PricingClient } from '@aws-sdk/client-pricing';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPriceTable, estimateCost, HOURS_PER_MONTH, nodePricesFromPriceList, PRICE_SERVICE_CODES, type PriceTable } from '../../src/lib/control/pricing.js';
import { loadPrices } from '../../src/lib/control/price-source.js';
import { FALLBACK_PRICES } from '../../src/lib/control/fallback-prices.js';
import { sizeInGB } from '../../src/commands/cost/run.js';
import { writeVolumeFromMetrics } from '../../src/lib/control/write-volume.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('pricing');

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

describe('engines priced apart', () => {
  const engines: PriceTable = {
    date: '2026-01-01',
    source: 'engine table',
    nodes: { elasticache: { 'us-east-1': { 'cache.r7g.large/redis': { onDemand: 0.219 }, 'cache.r7g.large/valkey': { onDemand: 0.1752 }, 'cache.t4g.small': { onDemand: 0.032 } } } },
  };
  it("each engine gets its own price; a type priced for other engines only is not priced, and a type's single price serves any engine", () => {
    const cost = (nodeType: string, engine?: string) => estimateCost({ service: 'elasticache', region: 'us-east-1', nodeType, nodes: 2, ...(engine === undefined ? {} : { engine }) }, engines);
    // 2 nodes x 730 h x $0.1752 = $255.79 (valkey); x $0.219 = $319.74 (redis).
    expect(cost('cache.r7g.large', 'valkey').monthly).toBe(255.79);
    expect(cost('cache.r7g.large', 'Redis').monthly).toBe(319.74);
    expect(cost('cache.r7g.large', 'memcached').missing).toEqual(['cache.r7g.large (memcached) in us-east-1']);
    expect(cost('cache.r7g.large').missing).toEqual(['cache.r7g.large in us-east-1']);
    expect(cost('cache.t4g.small', 'valkey').monthly).toBe(46.72);
  });
});

/** A GetProducts answer for one node type, in the Price List's form. */
function priceListItem(region: string, type: string, onDemand: string, reserved: Array<[string, string, string]>, engine?: string): string {
  return JSON.stringify({
    product: { productFamily: 'Amazon MemoryDB', attributes: { regionCode: region, instanceType: type, ...(engine === undefined ? {} : { cacheEngine: engine }) } },
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
    // One answer holds a product per engine: none overwrites another.
    const byEngine = nodePricesFromPriceList([priceListItem('us-east-1', 'cache.r7g.large', '0.219', [], 'Redis'), priceListItem('us-east-1', 'cache.r7g.large', '0.1752', [], 'Valkey'), priceListItem('us-east-1', 'cache.r7g.large', '0.206', [], 'Memcached')]);
    expect(byEngine).toEqual({ 'us-east-1': { 'cache.r7g.large/redis': { onDemand: 0.219 }, 'cache.r7g.large/valkey': { onDemand: 0.1752 }, 'cache.r7g.large/memcached': { onDemand: 0.206 } } });
  });

  it('reads what the SDK client hands over (each product a String object of JSON), from a stand-in Price List endpoint on 127.0.0.1', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        seen.push(`${String(req.headers['x-amz-target'])} ${body}`);
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        res.end(JSON.stringify({ FormatVersion: 'aws_v1', PriceList: [priceListItem('eu-west-1', 'cache.r7g.large', '0.2420', [['1yr', 'No Upfront', '0.1590']], 'Valkey')] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new PricingClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 });
      const loaded = await loadPrices({ service: 'elasticache', region: 'eu-west-1', nodeTypes: ['cache.r7g.large'], engine: 'valkey' }, { cacheDir: join(dir, 'sdk-cache'), client: async () => client });
      expect(loaded.how).toBe('AWS Price List API');
      expect(loaded.table.nodes.elasticache?.['eu-west-1']).toEqual({ 'cache.r7g.large/valkey': { onDemand: 0.242, reserved1y: 0.159 } });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^AWSPriceListService\.GetProducts /);
      expect(JSON.parse((seen[0] as string).slice((seen[0] as string).indexOf(' ') + 1))).toMatchObject({ ServiceCode: 'AmazonElastiCache', Filters: [{ Field: 'regionCode', Value: 'eu-west-1' }, { Field: 'instanceType', Value: 'cache.r7g.large' }] });
    } finally {
      server.close();
    }
  });

  it('falls back to the dated table shipped with memctl when the API cannot be reached and no cache covers the need', async () => {
    const failing = { send: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND api.pricing.us-east-1.amazonaws.com')) };
    const need = { service: 'elasticache' as const, region: 'us-east-1', nodeTypes: ['cache.m4.large'], engine: 'redis' };
    const loaded = await loadPrices(need, { cacheDir: join(dir, 'no-cache'), client: async () => failing as never });
    expect(loaded.table).toBe(FALLBACK_PRICES);
    expect(loaded.how).toBe(`price table shipped with memctl (${FALLBACK_PRICES.date}; the AWS Price List API answered getaddrinfo ENOTFOUND api.pricing.us-east-1.amazonaws.com)`);
    // 3 nodes x 730 h x $0.156 = $341.64.
    expect(estimateCost({ ...need, nodeType: 'cache.m4.large', nodes: 3 }, loaded.table).monthly).toBe(341.64);
    // What the shipped table lacks is refused, naming both sources, never guessed.
    await expect(loadPrices({ ...need, nodeTypes: ['cache.r7g.large'] }, { cacheDir: join(dir, 'no-cache'), client: async () => failing as never })).rejects.toThrow(
      /the AWS Price List API answered getaddrinfo ENOTFOUND .*, and the price table shipped with memctl \(\d{4}-\d{2}-\d{2}\) has none for them/,
    );
    await expect(loadPrices({ ...need, engine: 'valkey' }, { cacheDir: join(dir, 'no-cache'), client: async () => failing as never })).rejects.toThrow(/has none for them/);
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

describe('data written from metrics', () => {
  const day = (n: number) => new Date(Date.UTC(2026, 0, n));
  const series = (node: string, values: number[]) => ({ node, metric: 'NetworkBytesIn', unit: 'Bytes', partial: false, points: values.map((value, i) => ({ time: day(i + 1), value })) });
  const GiB = 1024 ** 3;
  it("per shard the node that read most, summed over shards, scaled from the days seen to a month", () => {
    // Shard 1: primary 7 GiB over 7 days (replica 6 GiB); shard 2: 14 GiB over 7 days. 21 GiB a week
    // = 3 GiB a day x 30.4167 days = 91.25 GB a month.
    const v = writeVolumeFromMetrics([series('a1', Array(7).fill(GiB)), series('a2', Array(7).fill((6 / 7) * GiB)), series('b1', Array(7).fill(2 * GiB)), series('b2', [])], [['a1', 'a2'], ['b1', 'b2']]);
    expect(v?.value).toBe(91.25);
    expect(v?.source).toMatch(/over 7 days, scaled to a month \(an upper bound/);
    // One day seen: that day x 30.4167.
    expect(writeVolumeFromMetrics([series('a2', [GiB])], [['a1', 'a2']])?.value).toBe(30.417);
    expect(writeVolumeFromMetrics([series('a1', [])], [['a1']])).toBeUndefined();
  });
});

describe('cost estimates, line by line', () => {
  it('names each line, its quantity, unit, rate and source', () => {
    const e = estimateCost({ service: 'memorydb', region: 'us-east-1', nodeType: 'db.r7g.large', nodes: 2, writtenGBPerMonth: { value: 10, source: 'CloudWatch, 30 days' }, snapshotGB: 5 }, table);
    expect(e).toStrictEqual({
      lines: [
        { item: '2 x db.r7g.large node-hours', quantity: 1460, unit: 'node-hour', rate: 0.5, monthly: 730, source: 'test table, 2026-01-01' },
        { item: 'data written', quantity: 10, unit: 'GB', rate: 0.2, monthly: 2, source: 'test table, 2026-01-01; volume: CloudWatch, 30 days' },
        { item: 'snapshot storage beyond 0 GB free', quantity: 5, unit: 'GB-month', rate: 0.021, monthly: 0.11, source: 'test table, 2026-01-01' },
      ],
      monthly: 732.11,
      reserved1y: Math.round((1460 * 0.35 + 2.11) * 100) / 100,
      reserved3y: Math.round((1460 * 0.25 + 2.11) * 100) / 100,
      missing: [],
    });
  });

  it('gives each reservation only when the table has its price', () => {
    const only1y: PriceTable = { date: '2026-01-01', source: 't', nodes: { memorydb: { r: { n: { onDemand: 1, reserved1y: 0.5 } } } } };
    const e1 = estimateCost({ service: 'memorydb', region: 'r', nodeType: 'n', nodes: 1 }, only1y);
    expect([e1.reserved1y, 'reserved3y' in e1]).toEqual([365, false]);
    const only3y: PriceTable = { date: '2026-01-01', source: 't', nodes: { memorydb: { r: { n: { onDemand: 1, reserved3y: 0.25 } } } } };
    const e3 = estimateCost({ service: 'memorydb', region: 'r', nodeType: 'n', nodes: 1 }, only3y);
    expect(['reserved1y' in e3, e3.reserved3y]).toEqual([false, 182.5]);
  });

  it('prices data written for MemoryDB only, and says what a table without the rates cannot price', () => {
    const ec = estimateCost({ service: 'elasticache', region: 'us-east-1', nodeType: 'cache.r7g.large', nodes: 1, writtenGBPerMonth: { value: 100, source: 'x' } }, table);
    expect(ec.lines.map((l) => l.item)).toEqual(['1 x cache.r7g.large node-hours']);
    expect(ec.missing).toEqual([]);
    const bare: PriceTable = { date: '2026-01-01', source: 't', nodes: { memorydb: { 'us-east-1': { 'db.r7g.large': { onDemand: 1 } } } } };
    const e = estimateCost({ service: 'memorydb', region: 'us-east-1', nodeType: 'db.r7g.large', nodes: 1, writtenGBPerMonth: { value: 1, source: 'x' }, snapshotGB: 1 }, bare);
    expect(e.missing).toEqual(['data written in us-east-1', 'snapshot storage in us-east-1']);
    expect(estimateCost({ service: 'elasticache', region: 'us-east-1', nodeType: 'cache.r7g.large', nodes: 1, snapshotGB: 1 }, { ...bare, snapshotPerGBMonth: { memorydb: { 'us-east-1': 1 } } }).missing).toEqual([
      'cache.r7g.large in us-east-1',
      'snapshot storage in us-east-1',
    ]);
  });

  it('bills no snapshot storage within the free amount', () => {
    const e = estimateCost({ service: 'memorydb', region: 'us-east-1', nodeType: 'db.r7g.large', nodes: 1, snapshotGB: 5, freeSnapshotGB: 13.074 }, table);
    expect(e.lines[1]).toMatchObject({ item: 'snapshot storage beyond 13.07 GB free', quantity: 0, monthly: 0 });
  });
});

describe('Price List API answers, as GetProducts gives them', () => {
  const hrs = (usd: string) => ({ unit: 'Hrs', pricePerUnit: { USD: usd } });
  const item = (value: unknown): string => JSON.stringify(value);
  const product = { productFamily: 'Amazon MemoryDB', attributes: { regionCode: 'us-east-1', instanceType: 'db.r7g.large' } };

  it('are read from the service codes of MemoryDB and ElastiCache', () => {
    expect(PRICE_SERVICE_CODES).toEqual({ memorydb: 'AmazonMemoryDB', elasticache: 'AmazonElastiCache' });
  });

  it('skip products without a type, a region, terms or an hourly price above 0', () => {
    expect(
      nodePricesFromPriceList([
        item({ terms: { OnDemand: { a: { priceDimensions: { d: hrs('1') } } } } }),
        item({ product: { attributes: { regionCode: 'us-east-1' } }, terms: { OnDemand: { a: { priceDimensions: { d: hrs('1') } } } } }),
        item({ product: { attributes: { instanceType: 'db.r7g.large' } }, terms: { OnDemand: { a: { priceDimensions: { d: hrs('1') } } } } }),
        item({ product }),
        item({ product, terms: { OnDemand: { a: { priceDimensions: { d: { unit: 'Quantity', pricePerUnit: { USD: '5' } } } } } } }),
        item({ product, terms: { OnDemand: { a: { priceDimensions: { d: { unit: 'Hrs' } } } } } }),
        item({ product, terms: { OnDemand: { a: { priceDimensions: { d: hrs('0.0000000000') } } } } }),
        item({ product, terms: { OnDemand: { a: { priceDimensions: { d: hrs('-1') } } } } }),
        item({ product, terms: { OnDemand: { a: { priceDimensions: { d: hrs('n/a') } } } } }),
        item({ product, terms: { OnDemand: { a: {} } } }),
        item({ product: { attributes: {} } }),
      ]),
    ).toEqual({});
  });

  it('take the first on-demand term with an hourly price, whatever the unit is called', () => {
    const prices = nodePricesFromPriceList([
      item({ product, terms: { OnDemand: { z: { priceDimensions: { h1: { unit: 'Hrs' }, h2: hrs('0.316') } } } } }),
      item({ product: { attributes: { regionCode: 'eu-west-1', instanceType: 'db.r7g.large' } }, terms: { OnDemand: { a: { priceDimensions: { q: { unit: 'Quantity', pricePerUnit: { USD: '9' } } } }, b: { priceDimensions: { u: { pricePerUnit: { USD: '8' } }, h: { unit: 'hrs', pricePerUnit: { USD: '0.316' } } } }, c: { priceDimensions: { h: hrs('7') } } } } }),
    ]);
    expect(prices).toStrictEqual({ 'us-east-1': { 'db.r7g.large': { onDemand: 0.316 } }, 'eu-west-1': { 'db.r7g.large': { onDemand: 0.316 } } });
  });

  it('take only no-upfront reservations with an hourly price, each for its length', () => {
    const reserved = (length: string | undefined, option: string | undefined, usd: string) => ({ ...(length === undefined && option === undefined ? {} : { termAttributes: { LeaseContractLength: length, PurchaseOption: option } }), priceDimensions: { h: hrs(usd), q: { unit: 'Quantity', pricePerUnit: { USD: '0' } } } });
    const prices = nodePricesFromPriceList([
      item({
        product,
        terms: {
          OnDemand: { a: { priceDimensions: { h: hrs('1') } } },
          Reserved: { r1: reserved('1yr', 'Partial Upfront', '0.2'), r2: reserved(undefined, undefined, '0.1'), r4: reserved('1yr', 'No Upfront', '0.6'), r3: reserved('1yr', 'No Upfront', '0') },
        },
      }),
    ]);
    expect(prices).toStrictEqual({ 'us-east-1': { 'db.r7g.large': { onDemand: 1, reserved1y: 0.6 } } });
  });
});

describe('price files, every refusal', () => {
  const refusal = (value: unknown): string => {
    try {
      checkPriceTable(value, 'p.json');
    } catch (err) {
      return (err as Error).message;
    }
    return 'accepted';
  };
  const nodes = (price: unknown) => ({ date: '2026-01-01', nodes: { elasticache: { 'us-east-1': { 'cache.r7g.large': price } } } });

  it('says what is wrong, naming the file', () => {
    for (const bad of [null, [], 'text', 5]) expect(refusal(bad), JSON.stringify(bad)).toBe('p.json: expected a JSON object');
    for (const date of [undefined, 20260101, '2026-1-01', 'x2026-01-01', '2026-01-01x']) expect(refusal({ date, nodes: {} }), String(date)).toBe('p.json: "date" must be YYYY-MM-DD');
    for (const n of [undefined, null, 'x']) expect(refusal({ date: '2026-01-01', nodes: n }), String(n)).toBe('p.json: "nodes" must map service -> region -> node type -> {onDemand}');
    expect(refusal(nodes({ onDemand: -0.1 }))).toBe('p.json: elasticache us-east-1 cache.r7g.large: "onDemand" must be a number of USD per hour');
    expect(refusal(nodes({ onDemand: '0.2' }))).toBe('p.json: elasticache us-east-1 cache.r7g.large: "onDemand" must be a number of USD per hour');
    expect(refusal(nodes({ reserved1y: 0.1 }))).toBe('p.json: elasticache us-east-1 cache.r7g.large: "onDemand" must be a number of USD per hour');
    expect(refusal(nodes({ onDemand: 0, reserved1y: 0, reserved3y: 0 }))).toBe('accepted');
    expect(checkPriceTable({ date: '2026-01-01', nodes: {} }, 'p.json')).toEqual({ source: 'p.json', date: '2026-01-01', nodes: {} });
  });
});
