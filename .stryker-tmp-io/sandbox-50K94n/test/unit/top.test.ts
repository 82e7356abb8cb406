// @ts-nocheck
// memctl top's pure parts: rates from two INFO samples, lag against the primary, sorting and
// totals (lib/redis/node-rates.ts); its flags (exit 2 before any connection); and what a terminal
// and an ndjson line get (commands/top/view.ts).
import { describe, expect, it } from 'vitest';
import { parseCount, parseInterval, parseSort, parseTopFlags } from '../../src/commands/top/flags.js';
import { isQuitKey } from '../../src/commands/top/screen.js';
import { frameJson, headerLine, screenLines, topTable, type TopFrame } from '../../src/commands/top/view.js';
import { ExitCode } from '../../src/lib/io/errors.js';
import { elapsedMs, intervalRates, roleChanged, sortTopNodes, topNodes, topTotals, type InfoSample, type NodeReading, type TopNode } from '../../src/lib/redis/node-rates.js';

function sample(receivedAt: number, fields: Record<string, string | number>): InfoSample {
  return { receivedAt, info: new Map(Object.entries(fields).map(([k, v]) => [k, String(v)])) };
}

const BASE = {
  run_id: 'r1',
  role: 'master',
  total_commands_processed: 1000,
  keyspace_hits: 100,
  keyspace_misses: 50,
  total_net_input_bytes: 10_000,
  total_net_output_bytes: 20_000,
  used_cpu_sys: 1.5,
  used_cpu_user: 2.5,
  used_memory: 1_000_000,
  maxmemory: 4_000_000,
  connected_clients: 7,
  master_repl_offset: 5000,
};

function node(overrides: Partial<TopNode>): TopNode {
  return {
    node: '127.0.0.1:7000',
    id: 'a',
    role: 'primary',
    primary: null,
    status: 'ok',
    error: null,
    opsPerSec: null,
    cpuPercent: null,
    usedMemoryBytes: null,
    maxMemoryBytes: null,
    memoryPercent: null,
    clients: null,
    hitRatio: null,
    netInputBytesPerSec: null,
    netOutputBytesPerSec: null,
    lagBytes: null,
    lastIoAgoMs: null,
    ...overrides,
  };
}

describe('intervalRates', () => {
  it('turns the deltas of two samples into per-second rates', () => {
    const a = sample(0, BASE);
    const b = sample(2000, { ...BASE, total_commands_processed: 3000, keyspace_hits: 190, keyspace_misses: 60, total_net_input_bytes: 12_048, total_net_output_bytes: 30_240, used_cpu_sys: 1.7, used_cpu_user: 2.7 });
    expect(intervalRates(a, b)).toEqual({
      opsPerSec: 1000,
      cpuPercent: 20, // 0.4 s of CPU in 2 s
      hitRatio: 0.9, // 90 hits, 10 misses
      netInputBytesPerSec: 1024,
      netOutputBytesPerSec: 5120,
    });
  });

  it('uses the server clock when both samples carry it', () => {
    const a = sample(0, { ...BASE, server_time_usec: 1_000_000 });
    const b = sample(1900, { ...BASE, server_time_usec: 1_500_000, total_commands_processed: 1500 });
    expect(elapsedMs(a, b)).toBe(500);
    expect(intervalRates(a, b).opsPerSec).toBe(1000);
  });

  it('says nothing without a previous sample, after a restart, or when a counter went back', () => {
    const b = sample(1000, BASE);
    const none = { opsPerSec: null, cpuPercent: null, hitRatio: null, netInputBytesPerSec: null, netOutputBytesPerSec: null };
    expect(intervalRates(undefined, b)).toEqual(none);
    expect(intervalRates(sample(0, { ...BASE, run_id: 'r0' }), b)).toEqual(none);
    expect(intervalRates(sample(1000, BASE), b)).toEqual(none); // no time passed
    const back = intervalRates(sample(0, { ...BASE, total_commands_processed: 5000 }), b);
    expect(back.opsPerSec).toBeNull();
    expect(back.cpuPercent).toBe(0);
  });

  it('has no hit ratio when there was no lookup in the interval', () => {
    expect(intervalRates(sample(0, BASE), sample(1000, BASE)).hitRatio).toBeNull();
  });
});

describe('topNodes', () => {
  const primary = { node: '127.0.0.1:7000', id: 'p', role: 'primary' as const };
  const replica = { node: '127.0.0.1:7001', id: 'r', role: 'replica' as const, primary: '127.0.0.1:7000' };
  const replicaInfo = { ...BASE, role: 'slave', master_host: '127.0.0.1', master_port: 7000, slave_repl_offset: 4200, master_repl_offset: 4200, master_last_io_seconds_ago: 2 };

  it('gives gauges, memory percent and the replica lag against its primary', () => {
    const readings: NodeReading[] = [
      { identity: primary, current: sample(1000, BASE), previous: sample(0, { ...BASE, total_commands_processed: 500 }) },
      { identity: replica, current: sample(1000, replicaInfo) },
    ];
    const [p, r] = topNodes(readings);
    expect(p).toMatchObject({ node: '127.0.0.1:7000', role: 'primary', primary: null, status: 'ok', opsPerSec: 500, usedMemoryBytes: 1_000_000, maxMemoryBytes: 4_000_000, memoryPercent: 25, clients: 7, lagBytes: null, lastIoAgoMs: null });
    expect(r).toMatchObject({ role: 'replica', primary: '127.0.0.1:7000', opsPerSec: null, lagBytes: 800, lastIoAgoMs: 2000 });
  });

  it('knows no lag when the primary did not answer, and no memory percent without maxmemory', () => {
    const [p, r] = topNodes([
      { identity: primary, current: { error: 'no answer within 1000 ms' } },
      { identity: replica, current: sample(1000, { ...replicaInfo, maxmemory: 0, master_last_io_seconds_ago: -1 }) },
    ]);
    expect(p).toMatchObject({ status: 'down', error: 'no answer within 1000 ms', role: 'primary', opsPerSec: null, usedMemoryBytes: null, clients: null });
    expect(r).toMatchObject({ lagBytes: null, memoryPercent: null, maxMemoryBytes: 0, lastIoAgoMs: null });
  });

  it('follows the role the node reports (a failover) and notices it', () => {
    const readings: NodeReading[] = [
      { identity: primary, current: sample(1000, { ...replicaInfo, master_port: 7001 }) },
      { identity: replica, current: sample(1000, { ...BASE, master_repl_offset: 4300 }) },
    ];
    const [oldPrimary, newPrimary] = topNodes(readings);
    expect(oldPrimary).toMatchObject({ role: 'replica', primary: '127.0.0.1:7001', lagBytes: 100 });
    expect(newPrimary).toMatchObject({ role: 'primary', primary: null });
    expect(roleChanged(readings)).toBe(true);
    expect(roleChanged([{ identity: primary, current: sample(0, BASE) }, { identity: replica, current: { error: 'x' } }])).toBe(false);
  });
});

describe('sortTopNodes and topTotals', () => {
  const nodes = [
    node({ node: '127.0.0.1:7010', opsPerSec: 5, usedMemoryBytes: 300, clients: 1, cpuPercent: 9, role: 'replica', lagBytes: 0 }),
    node({ node: '127.0.0.1:7002', opsPerSec: 50, usedMemoryBytes: 100, clients: 3, cpuPercent: 1 }),
    node({ node: '127.0.0.1:7001', status: 'down', error: 'gone' }),
    node({ node: '127.0.0.1:7003', opsPerSec: 50, usedMemoryBytes: 200, clients: 2, cpuPercent: 4, role: 'replica', lagBytes: 4096 }),
  ];
  const order = (by: Parameters<typeof sortTopNodes>[1]): string[] => sortTopNodes(nodes, by).map((n) => n.node.slice(-4));

  it('puts the largest first, unknown values last, ties by name; name by address then port', () => {
    expect(order('ops')).toEqual(['7002', '7003', '7010', '7001']);
    expect(order('memory')).toEqual(['7010', '7003', '7002', '7001']);
    expect(order('clients')).toEqual(['7002', '7003', '7010', '7001']);
    expect(order('cpu')).toEqual(['7010', '7003', '7002', '7001']);
    expect(order('lag')).toEqual(['7003', '7010', '7001', '7002']);
    expect(order('name')).toEqual(['7001', '7002', '7003', '7010']);
    // Ports compare as numbers, not text.
    expect(sortTopNodes([node({ node: '10.0.0.1:10000' }), node({ node: '10.0.0.1:9000' })], 'name').map((n) => n.node)).toEqual(['10.0.0.1:9000', '10.0.0.1:10000']);
  });

  it('sums ops/s and memory over the nodes that answered and counts the down ones', () => {
    expect(topTotals(nodes)).toEqual({ nodes: 4, down: 1, opsPerSec: 105, usedMemoryBytes: 600 });
  });
});

describe('memctl top flags', () => {
  const usage = (f: () => unknown): void => {
    try {
      f();
    } catch (err) {
      expect((err as { exitCode: number }).exitCode).toBe(ExitCode.usage);
      return;
    }
    throw new Error('expected a usage error');
  };

  it('reads --interval in seconds (or ms/s), 0.2 to 60', () => {
    expect(parseInterval('1')).toBe(1000);
    expect(parseInterval('0.5')).toBe(500);
    expect(parseInterval('0.2')).toBe(200);
    expect(parseInterval('60')).toBe(60_000);
    expect(parseInterval('500ms')).toBe(500);
    expect(parseInterval('2s')).toBe(2000);
    for (const bad of ['0.1', '0', '61', '-1', 'abc', '', '1m', '1e3']) usage(() => parseInterval(bad));
  });

  it('reads --sort and --count, and the defaults', () => {
    expect(parseSort('CPU')).toBe('cpu');
    usage(() => parseSort('memory-used'));
    expect(parseCount('3')).toBe(3);
    for (const bad of ['0', '-2', '1.5', 'x', '']) usage(() => parseCount(bad));
    expect(parseTopFlags({})).toEqual({ intervalMs: 1000, sort: 'ops', count: undefined });
  });

  it('quits on q, Q and Ctrl-C only', () => {
    expect(isQuitKey('q')).toBe(true);
    expect(isQuitKey(Buffer.from([3]))).toBe(true);
    expect(isQuitKey('Q')).toBe(true);
    expect(isQuitKey('x')).toBe(false);
    expect(isQuitKey('\u001b[A')).toBe(false);
  });
});

describe('memctl top view', () => {
  const nodes = [
    node({ node: '127.0.0.1:7000', opsPerSec: 1234.4, cpuPercent: 12.34, usedMemoryBytes: 1536, memoryPercent: 0.5, clients: 3, hitRatio: 0.875, netInputBytesPerSec: 2048, netOutputBytesPerSec: 512 }),
    node({ node: '127.0.0.1:7001', role: 'replica', primary: '127.0.0.1:7000', lagBytes: 2048, lastIoAgoMs: 1000, opsPerSec: 1 }),
    node({ node: '127.0.0.1:7002', status: 'down', error: 'gone' }),
  ];
  const frame: TopFrame = { time: new Date(2024, 0, 2, 3, 4, 5), target: 'demo', intervalMs: 500, nodes, totals: topTotals(nodes) };

  it('writes the stable JSON of an ndjson line', () => {
    const json = frameJson(frame);
    expect(json).toEqual({ time: frame.time.toISOString(), target: 'demo', intervalMs: 500, totals: { nodes: 3, down: 1, opsPerSec: 1235.4, usedMemoryBytes: 1536 }, nodes });
    expect(Object.keys(nodes[0] as TopNode)).toEqual(Object.keys(topNodes([{ identity: { node: 'x', id: 'x', role: 'primary' }, current: sample(0, BASE) }])[0] as TopNode));
  });

  it('shows human units, "-" for unknown and "down" for a node that did not answer', () => {
    const block = topTable(nodes);
    expect(block.kind === 'table' && block.rows).toEqual([
      ['127.0.0.1:7000', 'primary', '1234', '12.3', '1.5 KB', '0.5', 3, '87.5', undefined, '2.0', '0.5'],
      ['127.0.0.1:7001', 'replica', '1', undefined, undefined, undefined, null, undefined, '2.0 KB, 1s', undefined, undefined],
      ['127.0.0.1:7002', 'down', undefined, undefined, undefined, undefined, null, undefined, undefined, undefined, undefined],
    ]);
    expect(headerLine(frame, 'ops')).toBe('demo  03:04:05  3 nodes (1 down)  ops/s 1235  memory 1.5 KB  sort ops  every 0.5s  q quits');
  });

  it('fits the screen: the width (at most 100 columns) and the height', async () => {
    const lines = await screenLines(frame, 'ops', { columns: 60, rows: 7 });
    expect(lines[0]).toHaveLength(60);
    expect(lines[0]).toMatch(/…$/);
    expect(lines[1]).toBe('');
    expect(lines[2]).toMatch(/^NODE\s+ROLE\s+OPS\/S/);
    expect(lines.slice(2).every((l) => l.length <= 60)).toBe(true);
    // 7 rows: header, blank line, column headers, 2 nodes, a note of the columns left out, and what is below.
    expect(lines.filter((l) => l.startsWith('127.0.0.1'))).toHaveLength(2);
    expect(lines.at(-1)).toBe('(1 more node(s) below; a taller terminal shows them)');
    const all = await screenLines(frame, 'ops', { columns: 200 });
    expect(all.filter((l) => l.startsWith('127.0.0.1'))).toHaveLength(3);
    expect(all.every((l) => l.length <= 100)).toBe(true);
    const wide = await screenLines(frame, 'ops', { columns: 60 }, { wide: true });
    expect(wide[2]).toMatch(/OUT KB\/S$/);
  });
});
