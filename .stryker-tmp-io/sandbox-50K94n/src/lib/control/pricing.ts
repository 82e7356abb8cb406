// @ts-nocheck
// What a cluster costs a month, from a price table: node-hours by node type and region (on
// demand, and reserved for 1 or 3 years where the table has them), data written (MemoryDB) and
// snapshot storage beyond what is free; and how a table is read from the AWS Price List API's
// GetProducts answers. Every figure says where its price came from. Pure.
import type { ServiceName } from './model.js';

/** Hours in a month as AWS prices them (365 x 24 / 12). */
export const HOURS_PER_MONTH = 730;

export interface NodePrice {
  /** USD per node-hour. */
  onDemand: number;
  /** Effective USD per node-hour of a 1-year / 3-year reservation (no upfront), when offered. */
  reserved1y?: number;
  reserved3y?: number;
}

/** A price table: what GetProducts answered, a --price-file, or a cached copy of either. */
export interface PriceTable {
  /** When the prices were read (YYYY-MM-DD). */
  date: string;
  /** Where they came from: "AWS Price List API", a file path... */
  source: string;
  /** nodes[service][region][nodeType]. */
  nodes: Partial<Record<ServiceName, Record<string, Record<string, NodePrice>>>>;
  /** USD per GB written (MemoryDB), by region. */
  dataWrittenPerGB?: Record<string, number>;
  /** USD per GB-month of snapshot storage beyond the free amount, by service and region. */
  snapshotPerGBMonth?: Partial<Record<ServiceName, Record<string, number>>>;
  /** GB of snapshot storage a cluster gets free, by service (absent: none assumed). */
  freeSnapshotGB?: Partial<Record<ServiceName, number>>;
}

export interface CostInput {
  service: ServiceName;
  region: string;
  nodeType: string;
  nodes: number;
  /** MemoryDB: GB written a month, and where that figure came from. */
  writtenGBPerMonth?: { value: number; source: string };
  /** GB of snapshots kept, and how many GB are free (MemoryDB: the cluster's memory; ElastiCache: one snapshot a cluster). */
  snapshotGB?: number;
  freeSnapshotGB?: number;
}

export interface CostLine {
  item: string;
  quantity: number;
  unit: string;
  /** USD per unit. */
  rate: number;
  monthly: number;
  source: string;
}

export interface CostEstimate {
  lines: CostLine[];
  /** USD a month on demand. */
  monthly: number;
  /** The same with every node reserved, when the table has those prices. */
  reserved1y?: number;
  reserved3y?: number;
  /** What could not be priced (and so is not in the total). */
  missing: string[];
}

const round = (n: number): number => Math.round(n * 100) / 100;

export function nodePrice(table: PriceTable, service: ServiceName, region: string, nodeType: string): NodePrice | undefined {
  return table.nodes[service]?.[region]?.[nodeType];
}

export function estimateCost(input: CostInput, table: PriceTable): CostEstimate {
  const lines: CostLine[] = [];
  const missing: string[] = [];
  const source = `${table.source}, ${table.date}`;
  const price = nodePrice(table, input.service, input.region, input.nodeType);
  let reserved1y: number | undefined;
  let reserved3y: number | undefined;
  if (price === undefined) {
    missing.push(`${input.nodeType} in ${input.region}`);
  } else {
    const hours = input.nodes * HOURS_PER_MONTH;
    lines.push({ item: `${input.nodes} x ${input.nodeType} node-hours`, quantity: hours, unit: 'node-hour', rate: price.onDemand, monthly: round(hours * price.onDemand), source });
    if (price.reserved1y !== undefined) reserved1y = hours * price.reserved1y;
    if (price.reserved3y !== undefined) reserved3y = hours * price.reserved3y;
  }
  let extra = 0;
  if (input.service === 'memorydb' && input.writtenGBPerMonth !== undefined) {
    const rate = table.dataWrittenPerGB?.[input.region];
    if (rate === undefined) missing.push(`data written in ${input.region}`);
    else {
      const monthly = round(input.writtenGBPerMonth.value * rate);
      lines.push({ item: 'data written', quantity: input.writtenGBPerMonth.value, unit: 'GB', rate, monthly, source: `${source}; volume: ${input.writtenGBPerMonth.source}` });
      extra += monthly;
    }
  }
  if (input.snapshotGB !== undefined) {
    const billable = Math.max(0, input.snapshotGB - (input.freeSnapshotGB ?? 0));
    const rate = table.snapshotPerGBMonth?.[input.service]?.[input.region];
    if (rate === undefined) missing.push(`snapshot storage in ${input.region}`);
    else {
      const monthly = round(billable * rate);
      lines.push({ item: `snapshot storage beyond ${round(input.freeSnapshotGB ?? 0)} GB free`, quantity: round(billable), unit: 'GB-month', rate, monthly, source });
      extra += monthly;
    }
  }
  const monthly = round(lines.reduce((sum, l) => sum + l.monthly, 0));
  return {
    lines,
    monthly,
    ...(reserved1y === undefined ? {} : { reserved1y: round(reserved1y + extra) }),
    ...(reserved3y === undefined ? {} : { reserved3y: round(reserved3y + extra) }),
    missing,
  };
}

/** The service codes of the Price List API. */
export const PRICE_SERVICE_CODES: Record<ServiceName, string> = { memorydb: 'AmazonMemoryDB', elasticache: 'AmazonElastiCache' };

interface PriceListItem {
  product?: { attributes?: Record<string, string> };
  terms?: {
    OnDemand?: Record<string, { priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> }>;
    Reserved?: Record<string, { termAttributes?: Record<string, string>; priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> }>;
  };
}

/**
 * Node prices from GetProducts answers (each a JSON document): the on-demand hourly rate, and the
 * no-upfront 1- and 3-year reservations' hourly rates, by region and node type.
 */
export function nodePricesFromPriceList(items: string[]): Record<string, Record<string, NodePrice>> {
  const out: Record<string, Record<string, NodePrice>> = {};
  for (const text of items) {
    let item: PriceListItem;
    try {
      item = JSON.parse(text) as PriceListItem;
    } catch {
      continue;
    }
    const attributes = item.product?.attributes ?? {};
    const type = attributes.instanceType;
    const region = attributes.regionCode;
    if (type === undefined || region === undefined) continue;
    const hourly = (dims: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }> | undefined): number | undefined => {
      const dim = Object.values(dims ?? {}).find((d) => (d.unit ?? '').toLowerCase().startsWith('hr') && d.pricePerUnit?.USD !== undefined);
      const value = Number(dim?.pricePerUnit?.USD);
      return Number.isFinite(value) && value > 0 ? value : undefined;
    };
    const onDemand = Object.values(item.terms?.OnDemand ?? {}).map((t) => hourly(t.priceDimensions)).find((v) => v !== undefined);
    if (onDemand === undefined) continue;
    const price: NodePrice = { onDemand };
    for (const term of Object.values(item.terms?.Reserved ?? {})) {
      if (term.termAttributes?.PurchaseOption !== 'No Upfront') continue;
      const rate = hourly(term.priceDimensions);
      if (rate === undefined) continue;
      if (term.termAttributes.LeaseContractLength === '1yr') price.reserved1y = rate;
      if (term.termAttributes.LeaseContractLength === '3yr') price.reserved3y = rate;
    }
    (out[region] ??= {})[type] = price;
  }
  return out;
}

/** A --price-file, checked: what it must hold, or an error naming what is wrong. */
export function checkPriceTable(value: unknown, where: string): PriceTable {
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('expected a JSON object');
  const t = value as Record<string, unknown>;
  if (typeof t.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(t.date)) fail('"date" must be YYYY-MM-DD');
  if (t.nodes === null || typeof t.nodes !== 'object') fail('"nodes" must map service -> region -> node type -> {onDemand}');
  for (const [service, regions] of Object.entries(t.nodes as Record<string, unknown>)) {
    if (service !== 'memorydb' && service !== 'elasticache') fail(`unknown service "${service}" in "nodes"`);
    for (const [region, types] of Object.entries(regions as Record<string, unknown>)) {
      for (const [type, price] of Object.entries(types as Record<string, unknown>)) {
        const p = price as Record<string, unknown>;
        for (const key of Object.keys(p)) if (!['onDemand', 'reserved1y', 'reserved3y'].includes(key)) fail(`unknown price "${key}" for ${service} ${region} ${type}`);
        if (typeof p.onDemand !== 'number' || p.onDemand < 0) fail(`${service} ${region} ${type}: "onDemand" must be a number of USD per hour`);
      }
    }
  }
  return { source: where, ...(t as object) } as PriceTable;
}
