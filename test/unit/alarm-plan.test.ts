// The alarm set memctl plans for a cluster: the standard definitions per node, overrides, the diff
// against what CloudWatch has (a second apply changes nothing), following the nodes after a scale,
// and the settings read from flags and a threshold file (bad ones refused with one line).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alarmName, desiredAlarms, diffAlarms, followAlarms, parseAlarmName, specFor, standardAlarms, ALARM_KEYS, type AlarmSpec } from '../../src/lib/control/alarm-plan.js';
import { parseAlarmSettings } from '../../src/commands/options/alarm-settings.js';
import { tempDir } from '../helpers/temp.js';

const target = { service: 'memorydb' as const, cluster: 'orders', nodeType: 'db.r7g.large', nodes: ['orders-0001-001', 'orders-0001-002'] };
const dir = tempDir('alarm-plan');

describe('the standard alarm set', () => {
  it('has every documented key per node, named so one prefix finds a cluster and no other', () => {
    expect(standardAlarms('memorydb', 'db.r7g.large').map((d) => d.key)).toEqual(ALARM_KEYS);
    const desired = desiredAlarms(target, {}, ['arn:aws:sns:us-east-1:123456789012:ops']);
    expect(desired).toHaveLength(2 * ALARM_KEYS.length);
    const memory = desired.find((a) => a.AlarmName === 'memctl/orders/orders-0001-002/memory');
    expect(memory).toMatchObject({ MetricName: 'DatabaseMemoryUsagePercentage', Namespace: 'AWS/MemoryDB', Threshold: 80, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: ['arn:aws:sns:us-east-1:123456789012:ops'], OKActions: ['arn:aws:sns:us-east-1:123456789012:ops'] });
    expect(memory?.Dimensions).toEqual([{ Name: 'ClusterName', Value: 'orders' }, { Name: 'NodeName', Value: 'orders-0001-002' }]);
    // FreeableMemory's threshold is 10% of the node type's memory (db.r7g.large: 13.07 GiB).
    expect(desired.find((a) => a.MetricName === 'FreeableMemory')?.Threshold).toBe(Math.round(13.07 * 1024 ** 3 * 0.1));
    expect(parseAlarmName('orders', alarmName('orders', 'orders-0001-001', 'cpu'))).toEqual({ node: 'orders-0001-001', key: 'cpu' });
    expect(parseAlarmName('orders', 'memctl/orders-2/orders-2-0001-001/cpu')).toBeUndefined();
    const ec = desiredAlarms({ ...target, service: 'elasticache', nodeType: 'cache.r7g.large' }, {}, []);
    expect(ec[0]?.Dimensions).toEqual([{ Name: 'CacheClusterId', Value: 'orders-0001-001' }, { Name: 'CacheNodeId', Value: '0001' }]);
  });

  it('applies overrides and leaves disabled alarms out', () => {
    const desired = desiredAlarms(target, { memory: { threshold: 70, period: 300 }, swap: { disabled: true } }, []);
    expect(desired.filter((a) => a.AlarmName.endsWith('/swap'))).toEqual([]);
    expect(desired.find((a) => a.AlarmName.endsWith('/memory'))).toMatchObject({ Threshold: 70, Period: 300 });
  });

  it('plans nothing the second time, only what changed, and the removal of strays', () => {
    const desired = desiredAlarms(target, {}, []);
    const first = diffAlarms(desired, []);
    expect([first.create.length, first.update.length, first.delete.length]).toEqual([desired.length, 0, 0]);
    const again = diffAlarms(desired, desired);
    expect([again.create.length, again.update.length, again.delete.length, again.unchanged]).toEqual([0, 0, 0, desired.length]);
    const changed = diffAlarms(desiredAlarms(target, { cpu: { threshold: 75 } }, ['arn:aws:sns:us-east-1:123456789012:ops']), [...desired, { ...desired[0], AlarmName: 'memctl/orders/orders-0009-001/cpu' } as never]);
    expect(changed.update.find((u) => u.spec.AlarmName.endsWith('0001-001/cpu'))?.changed).toEqual(['AlarmActions', 'OKActions', 'Threshold']);
    expect(changed.delete).toEqual(['memctl/orders/orders-0009-001/cpu']);
  });

  it('follows the nodes after a scale, configured like the alarms already there', () => {
    const existing = desiredAlarms(target, { memory: { threshold: 65 } }, []).filter((a) => !a.AlarmName.endsWith('/swap'));
    const grown = { ...target, nodes: [...target.nodes, 'orders-0002-001'] };
    const followed = followAlarms(grown, existing);
    const diff = diffAlarms(followed, existing);
    expect(diff.create.map((a) => a.AlarmName).sort()).toEqual(ALARM_KEYS.filter((k) => k !== 'swap').map((k) => `memctl/orders/orders-0002-001/${k}`).sort());
    expect(diff.create.find((a) => a.AlarmName.endsWith('/memory'))).toMatchObject({ Threshold: 65, Dimensions: [{ Name: 'ClusterName', Value: 'orders' }, { Name: 'NodeName', Value: 'orders-0002-001' }] });
    expect(diff.update).toEqual([]);
    const shrunk = diffAlarms(followAlarms({ ...target, nodes: ['orders-0001-001'] }, existing), existing);
    expect(shrunk.delete.every((n) => n.includes('/orders-0001-002/'))).toBe(true);
    expect(shrunk.create).toEqual([]);
    expect(followAlarms(grown, [])).toEqual([]);
  });
});

describe('the standard alarm set, as docs/alarms.md tells users', () => {
  /** The table of docs/alarms.md: alarm key -> [metric, statistic, fires when]. */
  function documented(): Map<string, [string, string, string]> {
    const text = readFileSync(join(__dirname, '../../docs/alarms.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([a-z-]+)` \| (\w+), (\w+) \| ([^|]+) \|/gm)];
    return new Map(rows.map((m) => [m[1] as string, [m[2] as string, m[3] as string, (m[4] as string).trim()]]));
  }
  const COMPARISON: Record<string, string> = { '≥': 'GreaterThanOrEqualToThreshold', '>': 'GreaterThanThreshold', '<': 'LessThanThreshold' };

  it('has the documented metric, statistic, comparison, threshold, window and missing-data rule for every alarm', () => {
    const docs = documented();
    const memory = 13.07 * 1024 ** 3;
    const defs = standardAlarms('memorydb', 'db.r7g.large');
    expect(defs.map((d) => d.key).sort()).toEqual([...docs.keys()].sort());
    for (const d of defs) {
      const [metric, statistic, when] = docs.get(d.key) as [string, string, string];
      const m = /^([≥><]) ([\d,.]+)( ?%| MB| s|% of the node type's memory)? (for 5 of 5 minutes|every minute for 5 minutes)/.exec(when);
      expect(m, `${d.key}: ${when}`).not.toBeNull();
      const [, sign, number, unit] = m as RegExpExecArray;
      const n = Number((number as string).replace(/,/g, ''));
      const threshold = unit === ' MB' ? n * 1024 * 1024 : unit === "% of the node type's memory" ? Math.round((memory * n) / 100) : n;
      expect({ key: d.key, metric: d.metric, statistic: d.statistic, comparison: d.comparison, threshold: d.threshold, period: d.period, evaluationPeriods: d.evaluationPeriods, datapointsToAlarm: d.datapointsToAlarm, treatMissingData: d.treatMissingData }).toEqual({
        key: d.key,
        metric,
        statistic,
        comparison: COMPARISON[sign as string],
        threshold,
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: when.includes('missing data is not breaching') ? 'notBreaching' : 'missing',
      });
    }
  });

  it('leaves out the free-memory alarm for a node type whose memory it does not know', () => {
    expect(standardAlarms('memorydb', 'db.x99.huge').map((d) => d.key)).toEqual(ALARM_KEYS.filter((k) => k !== 'freeable-memory'));
  });

  it('describes each alarm in its own words, enabled, with the topics for alarm and OK', () => {
    const defs = standardAlarms('elasticache', 'cache.r7g.large');
    const abouts = defs.map((d) => d.about);
    expect(new Set(abouts).size).toBe(defs.length);
    for (const d of defs) expect(d.about, d.key).toMatch(/\w{3,}.* for 5 minutes/);
    const spec = specFor({ service: 'elasticache', cluster: 'orders', nodeType: 'cache.r7g.large', nodes: [] }, 'orders-001', defs[0] as (typeof defs)[number], ['arn:t']);
    expect(spec).toEqual({
      AlarmName: 'memctl/orders/orders-001/cpu',
      AlarmDescription: 'memctl standard alarm for orders node orders-001: host CPU at or above 90% for 5 minutes',
      ActionsEnabled: true,
      AlarmActions: ['arn:t'],
      OKActions: ['arn:t'],
      Namespace: 'AWS/ElastiCache',
      MetricName: 'CPUUtilization',
      Dimensions: [
        { Name: 'CacheClusterId', Value: 'orders-001' },
        { Name: 'CacheNodeId', Value: '0001' },
      ],
      Statistic: 'Average',
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      Threshold: 90,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'missing',
    });
  });
});

describe('alarm names', () => {
  it('reads back only names memctl made for this cluster: a node and a key, both non-empty', () => {
    expect(parseAlarmName('orders', 'memctl/orders/n1/cpu')).toEqual({ node: 'n1', key: 'cpu' });
    for (const name of ['MEMCTL/orders/n1/cpu', 'memctl/orders/', 'memctl/orders/n1', 'memctl/orders/n1/cpu/x', 'memctl/orders//cpu', 'memctl/orders/n1/', 'memctl/orders-2/n1/cpu']) {
      expect(parseAlarmName('orders', name), name).toBeUndefined();
    }
  });
});

describe('diffAlarms, field by field', () => {
  // Made inside each test, so that the code under test runs in the test.
  const firstAlarm = (topics = ['arn:a', 'arn:b']): AlarmSpec => desiredAlarms(target, {}, topics)[0] as AlarmSpec;
  const changes: Array<[keyof AlarmSpec, unknown]> = [
    ['AlarmDescription', 'edited by hand'],
    ['ActionsEnabled', false],
    ['AlarmActions', ['arn:a', 'arn:c']],
    ['OKActions', ['arn:a']],
    ['Namespace', 'AWS/ElastiCache'],
    ['MetricName', 'SwapUsage'],
    ['Dimensions', [{ Name: 'ClusterName', Value: 'other' }, { Name: 'NodeName', Value: 'orders-0001-001' }]],
    ['Statistic', 'Maximum'],
    ['Period', 300],
    ['EvaluationPeriods', 3],
    ['DatapointsToAlarm', 2],
    ['Threshold', 1],
    ['ComparisonOperator', 'LessThanThreshold'],
    ['TreatMissingData', 'breaching'],
  ];

  it.each(changes)('sees a change of %s alone', (field, value) => {
    const first = firstAlarm();
    const diff = diffAlarms([first], [{ ...first, [field]: value }]);
    expect(diff.update).toEqual([{ spec: first, changed: [field] }]);
    expect(diff.unchanged).toBe(0);
  });

  it('compares lists whatever their order, and a list CloudWatch leaves out as empty', () => {
    const first = firstAlarm();
    const unsorted = firstAlarm(['arn:b', 'arn:a']);
    expect(diffAlarms([unsorted], [{ ...unsorted, AlarmActions: ['arn:a', 'arn:b'], OKActions: ['arn:a', 'arn:b'] }]).unchanged).toBe(1);
    expect(diffAlarms([first], [{ ...first, AlarmActions: ['arn:b', 'arn:a'], OKActions: ['arn:b', 'arn:a'], Dimensions: [...first.Dimensions].reverse() }]).unchanged).toBe(1);
    const quiet = desiredAlarms(target, {}, [])[0] as AlarmSpec;
    const { AlarmActions: _a, OKActions: _o, ...withoutLists } = quiet;
    expect(diffAlarms([quiet], [withoutLists]).unchanged).toBe(1);
    expect(diffAlarms([first], [withoutLists]).update[0]?.changed).toEqual(['AlarmActions', 'OKActions']);
  });
});

describe('followAlarms, which alarm is the model', () => {
  it("takes the first alarm of each key as the model, and ignores alarms it did not make", () => {
    const one = desiredAlarms({ ...target, nodes: ['orders-0001-001'] }, { cpu: { threshold: 65 } }, []).filter((a) => a.AlarmName.endsWith('/cpu'));
    const two = desiredAlarms({ ...target, nodes: ['orders-0001-002'] }, { cpu: { threshold: 70 } }, []).filter((a) => a.AlarmName.endsWith('/cpu'));
    const stranger = { ...(one[0] as AlarmSpec), AlarmName: 'someone-elses-alarm', Threshold: 1 };
    const followed = followAlarms({ ...target, nodes: ['orders-0003-001'] }, [stranger, ...one, ...two]);
    expect(followed).toHaveLength(1);
    expect(followed[0]).toMatchObject({ AlarmName: 'memctl/orders/orders-0003-001/cpu', Threshold: 65, AlarmDescription: 'memctl standard alarm for orders node orders-0003-001: host CPU at or above 90% for 5 minutes' });
  });
});

describe('alarm settings', () => {
  it('reads --threshold, --disable and a YAML file', () => {
    const file = join(dir, 'alarms.yaml');
    writeFileSync(file, 'memory:\n  threshold: 70\n  evaluationPeriods: 3\n  datapointsToAlarm: 2\nswap:\n  disabled: true\n');
    const settings = parseAlarmSettings({ file, threshold: ['cpu=85'], disable: ['evictions'], snsTopicArn: ['arn:aws:sns:eu-west-1:123456789012:pager'] });
    expect(settings).toEqual({
      topics: ['arn:aws:sns:eu-west-1:123456789012:pager'],
      overrides: { memory: { threshold: 70, evaluationPeriods: 3, datapointsToAlarm: 2 }, swap: { disabled: true }, cpu: { threshold: 85 }, evictions: { disabled: true } },
    });
  });

  it('refuses what it does not know, with one line', () => {
    const file = join(dir, 'bad.yaml');
    const refused = (flags: Parameters<typeof parseAlarmSettings>[0]): string => {
      try {
        parseAlarmSettings(flags);
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refused({ snsTopicArn: ['arn:aws:sqs:us-east-1:123456789012:q'] })).toMatch(/^invalid --sns-topic-arn "arn:aws:sqs/);
    expect(refused({ threshold: ['cpu'] })).toMatch(/^invalid --threshold "cpu"/);
    expect(refused({ threshold: ['disk=3'] })).toMatch(/^unknown alarm "disk" in --threshold/);
    expect(refused({ disable: ['nope'] })).toMatch(/^unknown alarm "nope"/);
    writeFileSync(file, 'memory:\n  treshold: 70\n');
    expect(refused({ file })).toMatch(/unknown setting "treshold" for memory/);
    writeFileSync(file, 'memory:\n  period: 45\n');
    expect(refused({ file })).toMatch(/memory.period must be 10, 30 or a multiple of 60/);
    writeFileSync(file, 'memory:\n  datapointsToAlarm: 6\n');
    expect(refused({ file })).toMatch(/cannot exceed evaluationPeriods/);
    writeFileSync(file, 'memory: [1\n');
    expect(refused({ file })).toMatch(/is not valid YAML/);
    expect(refused({ file: join(dir, 'missing.yaml') })).toMatch(/cannot read --file .*ENOENT/);
  });
});
