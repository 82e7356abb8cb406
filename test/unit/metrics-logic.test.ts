// The local plane's metric logic on its own: statistics as CloudWatch computes them, periods,
// the ring store's retention, each metric from two INFO samples, and the CLI's summaries, sparkline
// and batching of GetMetricData (a stand-in sender counts the calls).
import { describe, expect, it } from 'vitest';
import { alignDown, byPeriod, isSupportedStatistic, isValidPeriod, statistic } from '../../src/lib/local/engine/metrics/statistics.js';
import { MetricStore } from '../../src/lib/local/engine/metrics/store.js';
import { commandStats, keyCount, nodeMetrics, parseInfo, processCpuSeconds, swapBytes, type NodeSample } from '../../src/lib/local/engine/metrics/definitions.js';
import { commandKinds } from '../../src/lib/local/engine/metrics/sampler.js';
import { sparkline } from '../../src/lib/io/sparkline.js';
import { clusterRule, clusterSeries, MAX_QUERIES_PER_CALL, readMetrics, summarize, type MetricSeries } from '../../src/lib/control/metrics.js';
import { DEFAULT_METRICS, METRICS, metricDefinition, NAMESPACES, nodeDimensions } from '../../src/lib/control/metric-catalog.js';

describe('statistics', () => {
  it('computes the five standard statistics and nearest-rank percentiles', () => {
    const values = [5, 1, 4, 2, 3];
    expect(['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'].map((s) => statistic(values, s))).toEqual([5, 15, 3, 1, 5]);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(statistic(hundred, 'p99')).toBe(99);
    expect(statistic(hundred, 'p50')).toBe(50);
    expect(statistic(hundred, 'p100')).toBe(100);
    expect(statistic([7], 'p1')).toBe(7);
    expect(statistic([], 'Average')).toBeUndefined();
    expect(isSupportedStatistic('p99.9')).toBe(true);
    expect(isSupportedStatistic('p101')).toBe(false);
    expect(isSupportedStatistic('Median')).toBe(false);
  });

  it('accepts the periods CloudWatch does and groups points into aligned periods', () => {
    expect([1, 5, 10, 30, 60, 120, 3600].every(isValidPeriod)).toBe(true);
    expect([0, 2, 7, 45, 90, 61, 1.5].some(isValidPeriod)).toBe(false);
    const periods = byPeriod([{ t: 59_999, v: 1 }, { t: 60_000, v: 2 }, { t: 119_999, v: 3 }, { t: 120_000, v: 4 }], 60);
    expect([...periods]).toEqual([[0, [1]], [60_000, [2, 3]], [120_000, [4]]]);
    expect(alignDown(125_000, 10)).toBe(120_000);
  });
});

describe('metric store', () => {
  it('keeps the newest points of each series up to its capacity and lists series by region', () => {
    const store = new MetricStore(3);
    const info = { namespace: 'AWS/MemoryDB', metricName: 'CurrItems', dimensions: [{ Name: 'NodeName', Value: 'n1' }, { Name: 'ClusterName', Value: 'c' }], unit: 'Count', cluster: 'c', region: 'us-east-1' };
    for (let i = 1; i <= 5; i++) store.put(info, i * 1000, i);
    store.put(info, 6000, Number.NaN);
    // Dimension order does not matter.
    const id = { namespace: 'AWS/MemoryDB', metricName: 'CurrItems', dimensions: [{ Name: 'ClusterName', Value: 'c' }, { Name: 'NodeName', Value: 'n1' }] };
    expect(store.points(id, 0, 10_000).map((p) => p.v)).toEqual([3, 4, 5]);
    expect(store.points(id, 4000, 5000).map((p) => p.v)).toEqual([4]);
    expect(store.list('us-east-1')).toHaveLength(1);
    expect(store.list('eu-west-1')).toHaveLength(0);
    store.drop('c');
    expect(store.size).toBe(0);
  });
});

function sample(t: number, fields: Record<string, string | number>, extra: Partial<NodeSample> = {}): NodeSample {
  const info = new Map(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  return { t, info, commands: commandStats(info), ...extra };
}

describe('node metrics from two samples', () => {
  const kinds = new Map<string, 'read' | 'write'>([['get', 'read'], ['set', 'write'], ['client|list', 'read']]);
  const base = {
    role: 'master',
    used_memory: 1000,
    maxmemory: 4000,
    used_memory_rss: 1500,
    connected_clients: 5,
    total_connections_received: 10,
    evicted_keys: 2,
    keyspace_hits: 30,
    keyspace_misses: 10,
    total_net_input_bytes: 1000,
    total_net_output_bytes: 5000,
    master_repl_offset: 100,
    used_cpu_sys_main_thread: '1.0',
    used_cpu_user_main_thread: '1.0',
    db0: 'keys=7,expires=0,avg_ttl=0',
    db3: 'keys=3,expires=1,avg_ttl=5',
    cmdstat_get: 'calls=10,usec=100,usec_per_call=10.00',
    cmdstat_set: 'calls=4,usec=40,usec_per_call=10.00',
  };

  it('turns counters into amounts per interval and gauges into values, as each service names them', () => {
    const prev = sample(0, base, { processCpuSeconds: 10, swapBytes: 0 });
    const cur = sample(2000, {
      ...base,
      connected_clients: 6,
      total_connections_received: 13,
      evicted_keys: 5,
      keyspace_hits: 60,
      keyspace_misses: 20,
      total_net_input_bytes: 1500,
      total_net_output_bytes: 5100,
      master_repl_offset: 400,
      used_cpu_sys_main_thread: '1.2',
      used_cpu_user_main_thread: '1.2',
      cmdstat_get: 'calls=30,usec=500',
      cmdstat_set: 'calls=5,usec=60',
      'cmdstat_client|list': 'calls=2,usec=20',
    }, { processCpuSeconds: 10.5, swapBytes: 4096 });
    const m = Object.fromEntries(nodeMetrics(prev, cur, { service: 'elasticache', kinds, ownConnections: 1 }).map((v) => [v.name, v.value]));
    expect(m).toMatchObject({
      CPUUtilization: 25,
      DatabaseMemoryUsagePercentage: 25,
      BytesUsedForCache: 1000,
      FreeableMemory: 2500,
      SwapUsage: 4096,
      CurrConnections: 5,
      NewConnections: 3,
      CurrItems: 10,
      Evictions: 3,
      CacheHits: 30,
      CacheMisses: 10,
      CacheHitRate: 75,
      NetworkBytesIn: 500,
      NetworkBytesOut: 100,
      ReplicationBytes: 300,
      IsMaster: 1,
      GetTypeCmds: 22,
      SetTypeCmds: 1,
    });
    expect(m.EngineCPUUtilization).toBeCloseTo(20);
    expect(m.GetTypeCmdsLatency).toBeCloseTo(420 / 22);
    expect(m.SetTypeCmdsLatency).toBe(20);
    expect(m.ReplicationLag).toBeUndefined();
  });

  it('names MemoryDB metrics its way, reports a replica lag, and skips counters that went backwards (a restart)', () => {
    const prev = sample(0, { ...base, role: 'slave', keyspace_hits: 100 });
    const cur = sample(1000, { ...base, role: 'slave', keyspace_hits: 5 });
    const m = Object.fromEntries(nodeMetrics(prev, cur, { service: 'memorydb', kinds, ownConnections: 1, replicationLagSeconds: 3 }).map((v) => [v.name, v.value]));
    expect(m.IsPrimary).toBe(0);
    expect(m.ReplicationLag).toBe(3);
    expect(m.KeyspaceHits).toBeUndefined();
    expect(m.BytesUsedForMemoryDB).toBe(1000);
    expect(m.CacheHitRate).toBeUndefined();
    expect(m.ReplicationBytes).toBeUndefined();
  });

  it("publishes exactly the metrics the CLI's catalog lists, with the same units, for each service", () => {
    const prev = sample(0, base, { processCpuSeconds: 10, swapBytes: 0 });
    const cur = sample(2000, { ...base, keyspace_hits: 60, cmdstat_get: 'calls=30,usec=500', cmdstat_set: 'calls=5,usec=60' }, { processCpuSeconds: 10.5, swapBytes: 4096 });
    const replica = (s: NodeSample): NodeSample => ({ ...s, info: new Map([...s.info, ['role', 'slave']]) });
    for (const service of ['memorydb', 'elasticache'] as const) {
      const published = [...nodeMetrics(prev, cur, { service, kinds, ownConnections: 0 }), ...nodeMetrics(replica(prev), replica(cur), { service, kinds, ownConnections: 0, replicationLagSeconds: 1 })];
      const names = new Map(published.map((m) => [m.name, m.unit]));
      expect([...names].sort(), service).toEqual(METRICS[service].map((m) => [m.name, m.unit]).sort());
    }
  });

  it('reads INFO, keyspace, /proc and COMMAND flags', () => {
    const info = parseInfo('# Server\r\nredis_version:7.0.15\r\n# Keyspace\r\ndb0:keys=12,expires=0,avg_ttl=0\r\n');
    expect(info.get('redis_version')).toBe('7.0.15');
    expect(keyCount({ t: 0, info, commands: new Map() })).toBe(12);
    expect(processCpuSeconds('123 (redis server) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20')).toBe(3);
    expect(swapBytes('Name:\tx\nVmSwap:\t      12 kB\n')).toBe(12 * 1024);
    const kindsOf = commandKinds([['get', 2, ['readonly', 'fast']], ['set', -3, ['write', 'denyoom']], ['ping', 1, ['fast']], ['client', -2, [], 0, 0, 0, [], [], [], [['client|list', -2, ['admin', 'noscript']], ['client|kill', -3, ['write']]]]]);
    expect([...kindsOf]).toEqual([['get', 'read'], ['set', 'write'], ['client|kill', 'write']]);
  });
});

describe('the metrics command', () => {
  it('draws sparklines scaled to the series and summarizes a series', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
    expect(sparkline(Array.from({ length: 100 }, (_, i) => i), 10)).toHaveLength(10);
    expect(summarize([{ time: new Date(1), value: 2 }, { time: new Date(2), value: 6 }, { time: new Date(3), value: 4 }])).toEqual({ min: 2, average: 4, max: 6, last: 4 });
    expect(summarize([])).toEqual({});
  });

  it('reads 6 nodes x 12 metrics in one call (and its second page), 100 nodes x 12 in 500-query calls', async () => {
    const calls: Array<{ queries: number; token?: string }> = [];
    const sender = {
      send: async (command: { input: { MetricDataQueries: Array<{ Id: string }>; NextToken?: string } }) => {
        const { MetricDataQueries: queries, NextToken: token } = command.input;
        calls.push({ queries: queries.length, ...(token === undefined ? {} : { token }) });
        // Two pages for the first chunk: one datapoint per query on each.
        const second = token === 'page2';
        return {
          MetricDataResults: queries.map((q) => ({ Id: q.Id, Timestamps: [new Date(second ? 2000 : 1000)], Values: [second ? 2 : 1], StatusCode: 'Complete' })),
          ...(calls.length === 1 ? { NextToken: 'page2' } : {}),
        };
      },
    };
    const request = { service: 'memorydb' as const, cluster: 'c', metrics: Array.from({ length: 12 }, (_, i) => `M${i}`), stat: 'Average', periodSeconds: 60, start: new Date(0), end: new Date(3000) };
    const six = await readMetrics(sender as never, { ...request, nodes: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'] });
    expect(six.calls).toBe(2);
    expect(six.series).toHaveLength(72);
    expect(six.series[0]?.points.map((p) => p.value)).toEqual([1, 2]);
    calls.length = 0;
    const hundred = await readMetrics(sender as never, { ...request, nodes: Array.from({ length: 100 }, (_, i) => `n${i}`) });
    expect(calls.map((c) => c.queries)).toEqual([MAX_QUERIES_PER_CALL, MAX_QUERIES_PER_CALL, MAX_QUERIES_PER_CALL, 200]);
    expect(hundred.calls).toBe(4);
  });
});

describe('cluster-level series', () => {
  it('take the busiest node, the scarcest, the total, or each shard once, by metric', async () => {
    const { clusterSeries, clusterRule } = await import('../../src/lib/control/metrics.js');
    const at = (v: number) => [{ time: new Date(1000), value: v }];
    const series = [
      { node: 'a-0001-001', metric: 'CurrItems', unit: 'Count', points: at(100), partial: false },
      { node: 'a-0001-002', metric: 'CurrItems', unit: 'Count', points: at(98), partial: false },
      { node: 'a-0002-001', metric: 'CurrItems', unit: 'Count', points: at(50), partial: false },
      { node: 'a-0001-001', metric: 'EngineCPUUtilization', unit: 'Percent', points: at(20), partial: false },
      { node: 'a-0002-001', metric: 'EngineCPUUtilization', unit: 'Percent', points: at(70), partial: false },
      { node: 'a-0001-001', metric: 'FreeableMemory', unit: 'Bytes', points: at(500), partial: false },
      { node: 'a-0002-001', metric: 'FreeableMemory', unit: 'Bytes', points: at(300), partial: false },
      { node: 'a-0001-001', metric: 'CurrConnections', unit: 'Count', points: at(4), partial: false },
      { node: 'a-0002-001', metric: 'CurrConnections', unit: 'Count', points: at(6), partial: false },
    ];
    const out = Object.fromEntries(clusterSeries(series, [['a-0001-001', 'a-0001-002'], ['a-0002-001']]).map((c) => [c.metric, [c.rule, c.points[0]?.value]]));
    expect(out).toEqual({ CurrItems: ['sum-of-shards', 150], EngineCPUUtilization: ['max', 70], FreeableMemory: ['min', 300], CurrConnections: ['sum', 10] });
    expect(clusterRule('NetworkBytesIn', 'Bytes')).toBe('sum');
    expect(clusterRule('CacheHitRate', 'Percent')).toBe('min');
    expect(clusterRule('GetTypeCmdsLatency', 'Microseconds')).toBe('max');
  });
});

describe('the metric catalog', () => {
  it("uses the services' namespaces and node dimensions", () => {
    expect(NAMESPACES).toEqual({ memorydb: 'AWS/MemoryDB', elasticache: 'AWS/ElastiCache' });
    expect(nodeDimensions('memorydb', 'c', 'n')).toEqual([{ Name: 'ClusterName', Value: 'c' }, { Name: 'NodeName', Value: 'n' }]);
  });

  it('finds a definition by name, and shows by default twelve metrics it has', () => {
    expect(metricDefinition('memorydb', 'CurrItems')).toEqual({ name: 'CurrItems', unit: 'Count' });
    expect(metricDefinition('elasticache', 'BytesUsedForCache')).toEqual({ name: 'BytesUsedForCache', unit: 'Bytes' });
    expect(metricDefinition('memorydb', 'CacheHitRate')).toBeUndefined();
    expect(metricDefinition('memorydb', 'Nope')).toBeUndefined();
    for (const service of ['memorydb', 'elasticache'] as const) {
      expect(DEFAULT_METRICS[service]).toHaveLength(12);
      for (const name of DEFAULT_METRICS[service]) expect(metricDefinition(service, name), `${service} ${name}`).toBeDefined();
    }
  });
});

describe('readMetrics, call by call', () => {
  type Input = { MetricDataQueries: Array<{ Id: string; ReturnData: boolean; MetricStat: unknown }>; StartTime: Date; EndTime: Date; ScanBy: string; NextToken?: string };
  const request = { service: 'elasticache' as const, cluster: 'g', nodes: ['g-001', 'g-002'], metrics: ['CurrItems', 'Custom'], stat: 'p99', periodSeconds: 60, start: new Date(0), end: new Date(600_000) };

  it('asks for every node and metric, oldest first, and follows the pages', async () => {
    const inputs: Input[] = [];
    const pages = [
      { MetricDataResults: [{ Id: 'm0', Timestamps: [new Date(120_000), new Date(60_000)], Values: [2, 1], StatusCode: 'PartialData' }, { Id: 'm1', Timestamps: [new Date(60_000)], Values: [5, 6] }, { Timestamps: [new Date(1)], Values: [9] }], NextToken: 't1' },
      { MetricDataResults: [{ Id: 'm0', Timestamps: [new Date(0)], Values: [0], StatusCode: 'Complete' }, { Id: 'm2', Timestamps: [new Date(60_000), new Date(0)], Values: [7], StatusCode: 'PartialData' }, { Id: 'm3', StatusCode: 'Complete' }, { Id: 'm3', Values: [1] }, { Id: 'm3', Timestamps: [new Date(0)] }], NextToken: 't2' },
      // A page may hold no results at all.
      {},
    ];
    const sender = { send: async (command: { input: Input }) => (inputs.push(command.input), pages[inputs.length - 1]) };
    const out = await readMetrics(sender as never, request);
    expect(out.calls).toBe(3);
    expect(inputs[0]).toStrictEqual({
      MetricDataQueries: [
        { Id: 'm0', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ElastiCache', MetricName: 'CurrItems', Dimensions: [{ Name: 'CacheClusterId', Value: 'g-001' }, { Name: 'CacheNodeId', Value: '0001' }] }, Period: 60, Stat: 'p99' } },
        { Id: 'm1', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ElastiCache', MetricName: 'Custom', Dimensions: [{ Name: 'CacheClusterId', Value: 'g-001' }, { Name: 'CacheNodeId', Value: '0001' }] }, Period: 60, Stat: 'p99' } },
        { Id: 'm2', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ElastiCache', MetricName: 'CurrItems', Dimensions: [{ Name: 'CacheClusterId', Value: 'g-002' }, { Name: 'CacheNodeId', Value: '0001' }] }, Period: 60, Stat: 'p99' } },
        { Id: 'm3', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/ElastiCache', MetricName: 'Custom', Dimensions: [{ Name: 'CacheClusterId', Value: 'g-002' }, { Name: 'CacheNodeId', Value: '0001' }] }, Period: 60, Stat: 'p99' } },
      ],
      StartTime: new Date(0),
      EndTime: new Date(600_000),
      ScanBy: 'TimestampAscending',
    });
    expect(inputs[1]?.NextToken).toBe('t1');
    expect(inputs[2]?.NextToken).toBe('t2');
    expect(out.series).toEqual([
      // Points in time order; a later page that completes a series clears its PartialData.
      { node: 'g-001', metric: 'CurrItems', unit: 'Count', points: [{ time: new Date(0), value: 0 }, { time: new Date(60_000), value: 1 }, { time: new Date(120_000), value: 2 }], partial: false },
      // As many points as there are both times and values; a metric the catalog lacks has unit None.
      { node: 'g-001', metric: 'Custom', unit: 'None', points: [{ time: new Date(60_000), value: 5 }], partial: false },
      { node: 'g-002', metric: 'CurrItems', unit: 'Count', points: [{ time: new Date(60_000), value: 7 }], partial: true },
      { node: 'g-002', metric: 'Custom', unit: 'None', points: [], partial: false },
    ]);
  });

  it('takes 500 queries in one call, and gives up on a call after 50 pages', async () => {
    let calls = 0;
    const endless = { send: async () => ((calls += 1), { MetricDataResults: [], NextToken: 'again' }) };
    const fifty = { ...request, nodes: Array.from({ length: 250 }, (_, i) => `g-${i}`) };
    expect((await readMetrics(endless as never, fifty)).calls).toBe(50);
    let sizes: number[] = [];
    const once = { send: async (command: { input: Input }) => (sizes.push(command.input.MetricDataQueries.length), { MetricDataResults: [] }) };
    const quiet = await readMetrics(once as never, fifty);
    expect(sizes).toEqual([500]);
    // A query the service gave no result for is a series without points.
    expect(quiet.series[0]).toEqual({ node: 'g-0', metric: 'CurrItems', unit: 'Count', points: [], partial: false });
    sizes = [];
    await readMetrics(once as never, { ...fifty, nodes: [] });
    expect(sizes).toEqual([]);
  });
});

describe('cluster-level series, the rules in detail', () => {
  const series = (node: string, metric: string, unit: string, points: Array<[number, number]>): MetricSeries => ({ node, metric, unit, points: points.map(([t, value]) => ({ time: new Date(t), value })), partial: false });

  it('sums over nodes for totals even within one shard, and takes each of three shards once for data', () => {
    const out = clusterSeries(
      [
        series('a1', 'CurrConnections', 'Count', [[1000, 4]]),
        series('a2', 'CurrConnections', 'Count', [[1000, 6]]),
        series('a1', 'CurrItems', 'Count', [[1000, 10]]),
        series('b1', 'CurrItems', 'Count', [[1000, 20]]),
        series('c1', 'CurrItems', 'Count', [[1000, 30]]),
        series('x1', 'CurrItems', 'Count', [[1000, 5]]),
        series('x2', 'CurrItems', 'Count', [[1000, 7]]),
      ],
      [['a1', 'a2'], ['b1'], ['c1']],
    );
    // Nodes no shard lists count as one more shard.
    expect(out.map((c) => [c.metric, c.rule, c.unit, c.points.map((p) => p.value)])).toEqual([
      ['CurrConnections', 'sum', 'Count', [10]],
      ['CurrItems', 'sum-of-shards', 'Count', [67]],
    ]);
  });

  it('puts points in time order, each time made from the nodes that have it', () => {
    const out = clusterSeries([series('a1', 'EngineCPUUtilization', 'Percent', [[3000, 30], [1000, 10]]), series('b1', 'EngineCPUUtilization', 'Percent', [[2000, 50], [1000, 5]])], [['a1'], ['b1']]);
    expect(out[0]?.points).toEqual([
      { time: new Date(1000), value: 10 },
      { time: new Date(2000), value: 50 },
      { time: new Date(3000), value: 30 },
    ]);
  });

  it('rules by metric name and unit', () => {
    expect(clusterRule('BytesUsedForCache', 'Bytes')).toBe('sum-of-shards');
    expect(clusterRule('BytesUsedForMemoryDB', 'Bytes')).toBe('sum-of-shards');
    expect(clusterRule('ReplicationBytes', 'Bytes')).toBe('sum');
    expect(clusterRule('NetworkBytesOut', 'Bytes')).toBe('sum');
    expect(clusterRule('Evictions', 'Count')).toBe('sum');
    expect(clusterRule('SwapUsage', 'Bytes')).toBe('max');
    expect(clusterRule('FreeableMemory', 'Bytes')).toBe('min');
  });
});
