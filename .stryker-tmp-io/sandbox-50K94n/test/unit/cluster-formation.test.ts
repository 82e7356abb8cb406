// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { slotRanges } from '../../src/lib/local/engine/ops/formation.js';
import { infoField, parseClusterNodes } from '../../src/lib/local/engine/nodes/topology.js';
import { quoteConfValue, renderNodeConfig } from '../../src/lib/local/engine/nodes/redis-node.js';

describe('slotRanges', () => {
  it('splits the examples from the design', () => {
    expect(slotRanges(1)).toEqual([[0, 16383]]);
    expect(slotRanges(2)).toEqual([[0, 8191], [8192, 16383]]);
    expect(slotRanges(3)).toEqual([[0, 5461], [5462, 10922], [10923, 16383]]);
  });

  it.each([1, 2, 3, 5, 7, 500, 16384])('covers 0-16383 contiguously and evenly for %i shards', (shards) => {
    const ranges = slotRanges(shards);
    expect(ranges).toHaveLength(shards);
    expect(ranges[0]?.[0]).toBe(0);
    expect(ranges.at(-1)?.[1]).toBe(16383);
    const sizes = ranges.map(([start, end]) => end - start + 1);
    ranges.forEach(([start, end], i) => {
      expect(end).toBeGreaterThanOrEqual(start);
      if (i > 0) expect(start).toBe((ranges[i - 1]?.[1] ?? NaN) + 1);
    });
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(16384);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // The first shards get the extra slot.
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });

  it('gives 5 shards 3277,3277,3277,3277,3276 slots', () => {
    expect(slotRanges(5).map(([s, e]) => e - s + 1)).toEqual([3277, 3277, 3277, 3277, 3276]);
  });

  it('rejects impossible shard counts', () => {
    expect(() => slotRanges(0)).toThrow(/shard count/);
    expect(() => slotRanges(16385)).toThrow(/shard count/);
    expect(() => slotRanges(1.5)).toThrow(/shard count/);
  });
});

describe('parseClusterNodes', () => {
  const sample = [
    '07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,hostname4 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected',
    '67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002,hostname2 master - 0 1426238316232 2 connected 5461-10922',
    '292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003 master - 0 1426238318243 3 connected 10923-16383 [10923->-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1] [5000-<-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1]',
    '6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@31005 slave 67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 0 1426238316232 5 disconnected',
    'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5459 5460',
    'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 :0@0 handshake,noaddr - 0 0 0 disconnected',
    '',
  ].join('\n');

  const entries = parseClusterNodes(sample);
  const byPort = (port: number) => entries.find((entry) => entry.port === port);

  it('reads every line with its address forms', () => {
    expect(entries).toHaveLength(6);
    expect(byPort(30004)).toMatchObject({ ip: '127.0.0.1', busPort: 31004, role: 'replica', primaryPort: 30001, slots: [], linkUp: true });
    expect(byPort(30003)).toMatchObject({ busPort: 31003, role: 'primary', myself: false });
    expect(byPort(0)).toMatchObject({ ip: '', busPort: 0, flags: ['handshake', 'noaddr'], linkUp: false });
  });

  it('reads slot ranges and single slots, ignoring migrating/importing markers', () => {
    expect(byPort(30002)?.slots).toEqual([[5461, 10922]]);
    expect(byPort(30003)?.slots).toEqual([[10923, 16383]]);
    expect(byPort(30001)?.slots).toEqual([[0, 5459], [5460, 5460]]);
  });

  it('marks myself, roles, and replica primaries', () => {
    expect(entries.filter((entry) => entry.myself).map((entry) => entry.port)).toEqual([30001]);
    expect(byPort(30001)?.nodeId).toBe('e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca');
    expect(byPort(30005)).toMatchObject({ role: 'replica', primaryId: '67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1', primaryPort: 30002, linkUp: false });
    expect(byPort(30002)?.primaryId).toBeUndefined();
  });

  it('handles IPv6 addresses', () => {
    const [entry] = parseClusterNodes('abc [::1]:7000@17000 myself,master - 0 0 1 connected 0-16383');
    expect(entry).toMatchObject({ ip: '[::1]', port: 7000, busPort: 17000, slots: [[0, 16383]] });
  });
});

describe('infoField', () => {
  it('reads a field from INFO text with CRLF line ends', () => {
    const text = '# Cluster\r\ncluster_state:ok\r\ncluster_slots_assigned:16384\r\n';
    expect(infoField(text, 'cluster_state')).toBe('ok');
    expect(infoField(text, 'cluster_slots_assigned')).toBe('16384');
    expect(infoField(text, 'missing')).toBeUndefined();
  });
});

describe('redis.conf rendering', () => {
  it('quotes paths with spaces, quotes and backslashes', () => {
    expect(quoteConfValue('/tmp/a b/"c"\\d')).toBe('"/tmp/a b/\\"c\\"\\\\d"');
    expect(quoteConfValue('x\ny')).toBe('"x\\x0ay"');
  });

  it('uses tls-port and port 0 with TLS, plain port without', () => {
    const tls = { caCertFile: '/s/tls/ca.crt', certFile: '/s/tls/server.crt', keyFile: '/s/tls/server.key' };
    const withTls = renderNodeConfig({ name: 'n', port: 17001, dir: '/s/n', maxmemoryBytes: 1024, tls });
    expect(withTls).toMatch(/^port 0$/m);
    expect(withTls).toMatch(/^tls-port 17001$/m);
    expect(withTls).toMatch(/^tls-cluster yes$/m);
    expect(withTls).toMatch(/^tls-ca-cert-file "\/s\/tls\/ca.crt"$/m);
    const plain = renderNodeConfig({ name: 'n', port: 17001, dir: '/s/n', maxmemoryBytes: 1024, tls: null });
    expect(plain).toMatch(/^port 17001$/m);
    expect(plain).not.toMatch(/tls-/);
    expect(plain).toMatch(/^maxmemory 1024$/m);
  });
});
