// @ts-nocheck
// The local plane's metric data: one time series per metric and dimension set, each a ring of
// (time, value) points kept for a fixed retention, like CloudWatch's high-resolution data. Pure:
// the sampler puts points in, the CloudWatch operations read them out (statistics.ts).

export interface Dimension {
  Name: string;
  Value: string;
}

export interface SeriesId {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

export interface SeriesInfo extends SeriesId {
  unit: string;
  /** The cluster whose node the series describes, and its region: series go with their cluster. */
  cluster: string;
  region: string;
}

export interface Point {
  /** Epoch milliseconds. */
  t: number;
  v: number;
}

/** A stable key: namespace, metric and the dimensions sorted by name. */
export function seriesKey(id: SeriesId): string {
  const dims = [...id.dimensions].sort((a, b) => a.Name.localeCompare(b.Name)).map((d) => `${d.Name}=${d.Value}`);
  return `${id.namespace}\u0000${id.metricName}\u0000${dims.join('\u0000')}`;
}

class Ring {
  private readonly times: Float64Array;
  private readonly values: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  push(t: number, v: number): void {
    const index = (this.start + this.count) % this.capacity;
    this.times[index] = t;
    this.values[index] = v;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Points with from <= t < to, oldest first. */
  range(from: number, to: number): Point[] {
    const out: Point[] = [];
    for (let i = 0; i < this.count; i++) {
      const index = (this.start + i) % this.capacity;
      const t = this.times[index] as number;
      if (t >= from && t < to) out.push({ t, v: this.values[index] as number });
    }
    return out;
  }

  get last(): number | undefined {
    return this.count === 0 ? undefined : (this.times[(this.start + this.count - 1) % this.capacity] as number);
  }
}

export class MetricStore {
  private readonly series = new Map<string, { info: SeriesInfo; ring: Ring }>();

  /** `capacity` points per series: the retention divided by the sampling interval. */
  constructor(private readonly capacity: number) {}

  put(info: SeriesInfo, t: number, v: number): void {
    if (!Number.isFinite(v)) return;
    const key = seriesKey(info);
    let entry = this.series.get(key);
    if (entry === undefined) {
      entry = { info, ring: new Ring(this.capacity) };
      this.series.set(key, entry);
    }
    entry.ring.push(t, v);
  }

  points(id: SeriesId, from: number, to: number): Point[] {
    return this.series.get(seriesKey(id))?.ring.range(from, to) ?? [];
  }

  info(id: SeriesId): SeriesInfo | undefined {
    return this.series.get(seriesKey(id))?.info;
  }

  /** Every series of a region, with the time of its newest point. */
  list(region: string): Array<{ info: SeriesInfo; last: number | undefined }> {
    return [...this.series.values()].filter((s) => s.info.region === region).map((s) => ({ info: s.info, last: s.ring.last }));
  }

  /** Forgets the series of a cluster that is gone (or of the given nodes only). */
  drop(cluster: string, keep?: (info: SeriesInfo) => boolean): void {
    for (const [key, entry] of this.series) if (entry.info.cluster === cluster && (keep === undefined || !keep(entry.info))) this.series.delete(key);
  }

  /** The clusters that have series. */
  clusters(): Set<string> {
    return new Set([...this.series.values()].map((s) => s.info.cluster));
  }

  get size(): number {
    return this.series.size;
  }
}
