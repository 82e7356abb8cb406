// @ts-nocheck
// memctl bench flags: every value checked before anything connects (UsageError, exit 2).
import { describe, expect, it } from 'vitest';
import { defaultThreads, parseBenchFlags, parseLatencyFlags, splitCommand, type BenchFlags } from '../../src/commands/bench/flags.js';
import { UsageError } from '../../src/lib/io/errors.js';

const refused = (flags: BenchFlags, message: RegExp): void => {
  expect(() => parseBenchFlags(flags)).toThrow(UsageError);
  expect(() => parseBenchFlags(flags)).toThrow(message);
};

describe('parseBenchFlags', () => {
  it('defaults: SET:GET 1:10, 50 clients, 100000 requests in total, 32-byte values, the bench prefix', () => {
    const o = parseBenchFlags({});
    expect(o.ratio).toBe('1:10');
    expect(o.plan.workload.weights).toEqual([1, 10]);
    // Keys expire by themselves after an hour, and go at the end of the run.
    expect(o.plan.workload.commands.map((c) => c.args.join(' '))).toEqual(['SET __key__ __data__ EX 3600', 'GET __key__']);
    expect(o.ttlSeconds).toBe(3600);
    expect(o.cleanup).toBe(true);
    expect(parseBenchFlags({ keepKeys: true }).cleanup).toBe(false);
    expect(o.plan).toMatchObject({ clients: 50, pipeline: 1, requests: 100_000, rate: null, testTimeMs: null, warmupMs: 0, timeoutMs: 5000 });
    expect(o.plan.workload.dataSize).toEqual({ min: 32, max: 32 });
    expect(o.plan.workload.keyPrefix).toBe('memctl-bench:');
    expect(o.plan.keySpace).toEqual({ minimum: 0, maximum: 9_999_999, pattern: 'uniform' });
    expect(o.writes).toBe(true);
  });

  it('reads a full workload', () => {
    const o = parseBenchFlags({ ratio: '0:1', keyspace: '1000', keyPattern: 'zipf', zipfExponent: '1.2', dataSizeRange: '16-1024', testTime: '2m', warmup: '500ms', rate: '2000', threads: '2', clients: '5', pipeline: '16', keyPrefix: 'b:' });
    expect(o.plan.workload.commands.map((c) => c.name)).toEqual(['GET']);
    expect(o.writes).toBe(false);
    expect(o.plan.keySpace).toEqual({ minimum: 0, maximum: 999, pattern: 'zipf', zipfExponent: 1.2 });
    expect(o.plan).toMatchObject({ threads: 2, clients: 5, pipeline: 16, requests: null, testTimeMs: 120_000, warmupMs: 500, rate: 2000 });
    expect(o.plan.workload.dataSize).toEqual({ min: 16, max: 1024 });
  });

  it('warms up for 1 s by default in an open loop only; --warmup 0 turns it off', () => {
    expect(parseBenchFlags({ rate: '1000' }).plan.warmupMs).toBe(1000);
    expect(parseBenchFlags({ rate: '1000', warmup: '0s' }).plan.warmupMs).toBe(0);
    expect(parseBenchFlags({ requests: '10' }).plan.warmupMs).toBe(0);
  });

  it('puts --ttl on the SET and names repeated custom commands apart', () => {
    expect(parseBenchFlags({ ttl: '1m' }).plan.workload.commands[0]?.args).toEqual(['SET', '__key__', '__data__', 'EX', '60']);
    const o = parseBenchFlags({ command: ['HSET __key__ f __data__', 'hset __key__ g "two words"'] });
    expect(o.plan.workload.commands.map((c) => c.name)).toEqual(['HSET', 'HSET#2']);
    expect(o.plan.workload.commands[1]?.args).toEqual(['hset', '__key__', 'g', 'two words']);
    expect(splitCommand(`SET '__key__' "a \\"b\\""`)).toEqual(['SET', '__key__', 'a "b"']);
  });

  it('refuses bad values with a message naming the flag', () => {
    refused({ requests: 'abc' }, /invalid --requests "abc"/);
    refused({ requests: '0' }, /--requests/);
    refused({ clients: '-1' }, /--clients/);
    refused({ ratio: '1-10' }, /invalid --ratio "1-10"/);
    refused({ ratio: '0:0' }, /--ratio/);
    refused({ dataSize: '0' }, /--data-size/);
    refused({ dataSizeRange: '100-10' }, /--data-size-range/);
    refused({ dataSize: '3', dataSizeRange: '1-2' }, /cannot be used together/);
    refused({ keyspace: '10', keyMaximum: '5' }, /--keyspace and --key-minimum/);
    refused({ keyMinimum: '10', keyMaximum: '5' }, /below --key-minimum/);
    refused({ keyPattern: 'random' }, /--key-pattern/);
    refused({ keyStddev: '5' }, /goes with --key-pattern gaussian/);
    refused({ requests: '5', testTime: '5s' }, /--requests and --test-time/);
    refused({ testTime: 'soon' }, /--test-time must be a duration/);
    refused({ ttl: '1500ms' }, /whole seconds/);
    refused({ rate: '0' }, /--rate/);
    refused({ keyPrefix: '' }, /--key-prefix/);
    refused({ keyPrefix: 'a*' }, /--key-prefix/);
    refused({ command: ['HSET h f v'] }, /has no __key__/);
    refused({ command: ['FLUSHALL __key__'] }, /FLUSHALL cannot be benchmarked/);
    refused({ command: ['GET __key__'], ratio: '1:1' }, /--ratio/);
    refused({ history: true }, /--history goes with --latency/);
    refused({ readFrom: 'replica' }, /--read-from replica/);
  });

  it('defaults to half the cores, at least one thread', () => {
    expect(defaultThreads(1)).toBe(1);
    expect(defaultThreads(2)).toBe(1);
    expect(defaultThreads(8)).toBe(4);
  });
});

describe('parseLatencyFlags', () => {
  it('reads the probe flags and refuses workload flags', () => {
    expect(parseLatencyFlags({ latency: true })).toEqual({ history: false, intervalMs: 1000, durationMs: 10_000, samples: null });
    expect(parseLatencyFlags({ latency: true, history: true, interval: '500ms', duration: '3s' })).toMatchObject({ history: true, intervalMs: 500, durationMs: 3000 });
    expect(parseLatencyFlags({ latency: true, samples: '20' }).samples).toBe(20);
    expect(() => parseLatencyFlags({ latency: true, pipeline: '4' })).toThrow(/--pipeline does not go with --latency/);
    expect(() => parseLatencyFlags({ latency: true, duration: '1s', samples: '3' })).toThrow(UsageError);
  });
});
