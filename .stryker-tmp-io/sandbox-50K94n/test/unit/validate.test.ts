// @ts-nocheck
import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  parseDuration,
  parsePositiveDuration,
  parseInteger,
  parseTag,
  validateMaintenanceWindow,
  validateName,
  validateNodeType,
  validateRange,
  validateReplicas,
  validateShards,
  validateSnapshotWindow,
} from '../../src/lib/control/validate.js';
import { DEFAULT_NODE_TYPE, isKnownNodeType, nodeMemoryBytes, nodeTypes } from '../../src/lib/control/node-types.js';
import { ExitCode, MemctlError, UsageError } from '../../src/lib/io/errors.js';

/** Runs fn, asserts it throws a UsageError with exit code 2, and returns the error. */
function usageError(fn: () => unknown): UsageError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a UsageError to be thrown').toBeInstanceOf(UsageError);
  expect(caught).toBeInstanceOf(MemctlError);
  const err = caught as UsageError;
  expect(err.exitCode).toBe(2);
  expect(err.exitCode).toBe(ExitCode.usage);
  expect(err.name).toBe('UsageError');
  // One clear line.
  expect(err.message).not.toContain('\n');
  return err;
}

describe('validateName', () => {
  it.each([
    ['demo', 'demo'],
    ['MyCluster', 'mycluster'],
    ['a', 'a'],
    ['a1-b2-c3', 'a1-b2-c3'],
    ['Prod-Sessions-01', 'prod-sessions-01'],
    ['a'.repeat(40), 'a'.repeat(40)],
  ])('accepts %j and returns %j', (input, expected) => {
    expect(validateName('cluster', input)).toBe(expected);
  });

  it.each([
    ['', 'it is empty'],
    ['a'.repeat(41), 'it has 41 characters (at most 40)'],
    ['b'.repeat(100), 'it has 100 characters (at most 40)'],
    ['1cluster', 'it must start with a letter'],
    ['-cluster', 'it must start with a letter'],
    ['_cluster', 'it must start with a letter'],
    ['my_cluster', '"_" is not allowed (letters, digits and hyphens only)'],
    ['café', '"é" is not allowed (letters, digits and hyphens only)'],
    ['日本', 'it must start with a letter'],
    ['my cluster', '" " is not allowed (letters, digits and hyphens only)'],
    ['my.cluster', '"." is not allowed (letters, digits and hyphens only)'],
    ['cluster-', 'it must not end with a hyphen'],
    ['my--cluster', 'it must not contain two hyphens in a row'],
    ['tab\tname', '"\t" is not allowed (letters, digits and hyphens only)'],
  ])('rejects %j: %s', (input, problem) => {
    const err = usageError(() => validateName('cluster', input));
    expect(err.message).toBe(`invalid cluster name "${input}": ${problem}`);
  });

  it('names the kind of thing in the message', () => {
    expect(usageError(() => validateName('user', 'bad_user')).message).toMatch(/^invalid user name "bad_user": /);
    expect(usageError(() => validateName('ACL', '')).message).toBe('invalid ACL name "": it is empty');
  });

  it('exposes the documented limits', () => {
    expect(LIMITS).toEqual({ shards: { min: 1, max: 500 }, replicas: { min: 0, max: 5 }, nameLength: 40 });
  });
});

describe('parseInteger', () => {
  it.each([
    ['3', 3],
    ['0', 0],
    ['-1', -1],
    ['500', 500],
  ])('parses %j as %i', (input, expected) => {
    expect(parseInteger('--shards', input)).toBe(expected);
  });

  it.each(['3.5', 'abc', '', '1e3', '0x10', '3abc', ' ', '+', '1,000', 'Infinity', 'NaN', ' 42 ', ' 2', '2 '])('rejects %j', (input) => {
    const err = usageError(() => parseInteger('--shards', input));
    expect(err.message).toBe(`--shards must be a whole number, got "${input}"`);
  });
});

describe('validateShards / validateReplicas / validateRange', () => {
  it.each([1, 2, 250, 500])('accepts %i shards', (n) => {
    expect(validateShards(n)).toBe(n);
  });

  it.each([0, -1, 501, 600, 1.5, Number.NaN])('rejects %d shards', (n) => {
    expect(usageError(() => validateShards(n)).message).toBe(`--shards must be between 1 and 500, got ${n}`);
  });

  it.each([0, 1, 2, 3, 4, 5])('accepts %i replicas', (n) => {
    expect(validateReplicas(n)).toBe(n);
  });

  it.each([6, -1, 100, 2.5])('rejects %d replicas', (n) => {
    expect(usageError(() => validateReplicas(n)).message).toBe(`--replicas must be between 0 and 5, got ${n}`);
  });

  it('validateRange names the flag and the range', () => {
    expect(validateRange('--port', 6379, { min: 1, max: 65535 })).toBe(6379);
    expect(usageError(() => validateRange('--port', 70000, { min: 1, max: 65535 })).message).toBe('--port must be between 1 and 65535, got 70000');
  });
});

describe('validateNodeType', () => {
  it.each(['db.r7g.large', 'db.t4g.small', 'db.r6g.16xlarge', 'db.r6gd.xlarge'])('accepts memorydb %s', (t) => {
    expect(validateNodeType('memorydb', t)).toBe(t);
  });

  it('accepts elasticache cache.t4g.micro', () => {
    expect(validateNodeType('elasticache', 'cache.t4g.micro')).toBe('cache.t4g.micro');
  });

  it('rejects an unknown family with the first known types as a suggestion', () => {
    const err = usageError(() => validateNodeType('memorydb', 'db.foo.large'));
    expect(err.message).toBe(
      'unknown memorydb node type "db.foo.large"; try one of: db.t4g.small, db.t4g.medium, db.r6g.large, db.r6g.xlarge, db.r6g.2xlarge, db.r6g.4xlarge, ...',
    );
  });

  it('rejects an ElastiCache type for MemoryDB', () => {
    const err = usageError(() => validateNodeType('memorydb', 'cache.t4g.micro'));
    expect(err.message).toMatch(/^unknown memorydb node type "cache\.t4g\.micro"; try one of: db\.t4g\.small, /);
    expect(err.message.split('try one of: ')[1]).not.toContain('cache.');
  });

  it('rejects a MemoryDB type for ElastiCache', () => {
    const err = usageError(() => validateNodeType('elasticache', 'db.r7g.large'));
    expect(err.message).toMatch(/^unknown elasticache node type "db\.r7g\.large"; try one of: cache\.t4g\.micro, /);
  });

  it('rejects the empty string and lists every type', () => {
    const err = usageError(() => validateNodeType('memorydb', ''));
    expect(err.message).toBe(`unknown memorydb node type ""; try one of: ${nodeTypes('memorydb').join(', ')}`);
  });

  it('suggests the sizes of a known family when only the size is wrong', () => {
    const err = usageError(() => validateNodeType('memorydb', 'db.r7g.huge'));
    expect(err.message).toBe(
      'unknown memorydb node type "db.r7g.huge"; try one of: db.r7g.large, db.r7g.xlarge, db.r7g.2xlarge, db.r7g.4xlarge, db.r7g.8xlarge, db.r7g.12xlarge, db.r7g.16xlarge',
    );
  });

  it.each(['DB.R7G.LARGE', 'db.r7g.large ', 'db.r6gd.large'])('rejects %j', (t) => {
    usageError(() => validateNodeType('memorydb', t));
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['30', 30_000],
    ['0', 0],
    ['1d', 86_400_000],
    ['1.5h', 5_400_000],
    ['1m30s', 90_000],
  ])('parses %j as %i ms', (input, ms) => {
    expect(parseDuration('--timeout', input)).toBe(ms);
  });

  it.each(['abc', '5x', '', '1h x', '   ', 'h', '-5s', '5 s', '1h30', '30S', '.5h', '10y', 's30', ' 45s ', ' 5m'])('rejects %j', (input) => {
    const err = usageError(() => parseDuration('--timeout', input));
    expect(err.message).toBe(`--timeout must be a duration like 30s, 15m or 1h, got "${input}"`);
  });
});

describe('parsePositiveDuration', () => {
  it('takes what parseDuration takes, above nothing', () => {
    expect(parsePositiveDuration('--timeout', '1ms')).toBe(1);
    expect(parsePositiveDuration('--timeout', '2m')).toBe(120_000);
  });

  it.each(['0', '0s', '0ms', '0m0s'])('refuses %j: a wait of nothing gives up before it starts', (input) => {
    expect(usageError(() => parsePositiveDuration('--timeout', input)).message).toBe(`--timeout must be longer than 0, got "${input}"`);
  });
});

describe('parseTag', () => {
  it.each([
    ['env=prod', { key: 'env', value: 'prod' }],
    ['env', { key: 'env', value: '' }],
    ['env=', { key: 'env', value: '' }],
    ['a=b=c', { key: 'a', value: 'b=c' }],
    ['team=core infra', { key: 'team', value: 'core infra' }],
    [`${'k'.repeat(128)}=${'v'.repeat(256)}`, { key: 'k'.repeat(128), value: 'v'.repeat(256) }],
  ])('parses %j', (input, expected) => {
    expect(parseTag(input)).toEqual(expected);
  });

  it.each([
    ['=prod', 'expected key=value with a key of 1-128 characters'],
    ['', 'expected key=value with a key of 1-128 characters'],
    [`${'k'.repeat(129)}=v`, 'expected key=value with a key of 1-128 characters'],
    ['aws:owner=me', 'keys starting with "aws:" are reserved'],
    ['AWS:Owner=me', 'keys starting with "aws:" are reserved'],
    [`k=${'v'.repeat(257)}`, 'the value is longer than 256 characters'],
  ])('rejects %j', (input, problem) => {
    expect(usageError(() => parseTag(input)).message).toBe(`invalid --tag "${input}": ${problem}`);
  });
});

describe('validateMaintenanceWindow', () => {
  it.each([
    ['sun:23:00-mon:01:30', 'sun:23:00-mon:01:30'],
    ['SUN:23:00-MON:01:30', 'sun:23:00-mon:01:30'],
    ['wed:00:00-wed:23:59', 'wed:00:00-wed:23:59'],
  ])('accepts %j', (input, expected) => {
    expect(validateMaintenanceWindow(input)).toBe(expected);
  });

  it.each([
    'sun:24:00-mon:01:00',
    'sun:23:60-mon:01:00',
    'sunday:23:00-monday:01:00',
    'sun:23:00',
    '',
    'sun:3:00-mon:01:00',
    'sun:23:00 - mon:01:00',
    'xyz:23:00-mon:01:00',
    '23:00-01:00',
  ])('rejects %j', (input) => {
    expect(usageError(() => validateMaintenanceWindow(input)).message).toBe(
      `invalid --maintenance-window "${input}": expected ddd:hh24:mi-ddd:hh24:mi, e.g. sun:23:00-mon:01:30`,
    );
  });
});

describe('validateSnapshotWindow', () => {
  it.each(['05:00-09:00', '23:30-00:30', '00:00-23:59'])('accepts %j', (input) => {
    expect(validateSnapshotWindow(input)).toBe(input);
  });

  it.each(['5:00-09:00', '05:00', '25:00-01:00', '05:00 - 09:00', '05:60-06:00', '', 'sun:05:00-sun:06:00'])('rejects %j', (input) => {
    expect(usageError(() => validateSnapshotWindow(input)).message).toBe(`invalid --snapshot-window "${input}": expected hh24:mi-hh24:mi, e.g. 05:00-09:00`);
  });
});

describe('node types', () => {
  const GIB = 1024 ** 3;

  it('gives db.r6g.large about 13.07 GiB', () => {
    const bytes = nodeMemoryBytes('memorydb', 'db.r6g.large');
    expect(bytes).toBe(Math.round(13.07 * GIB));
    expect(bytes! / GIB).toBeCloseTo(13.07, 2);
    expect(Number.isInteger(bytes)).toBe(true);
  });

  it('gives cache.t4g.micro half a GiB on ElastiCache only', () => {
    expect(nodeMemoryBytes('elasticache', 'cache.t4g.micro')).toBe(GIB / 2);
    expect(nodeMemoryBytes('memorydb', 'cache.t4g.micro')).toBeUndefined();
  });

  it('returns undefined for unknown types', () => {
    expect(nodeMemoryBytes('memorydb', 'db.foo.large')).toBeUndefined();
    expect(nodeMemoryBytes('memorydb', '')).toBeUndefined();
    expect(nodeMemoryBytes('elasticache', 'db.r6g.large')).toBeUndefined();
  });

  it('grows with size within a family', () => {
    const sizes = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'].map((s) => nodeMemoryBytes('memorydb', `db.r7g.${s}`)!);
    expect(sizes.every((v, i) => i === 0 || v > sizes[i - 1]!)).toBe(true);
  });

  it('knows the default node types', () => {
    expect(isKnownNodeType('memorydb', DEFAULT_NODE_TYPE.memorydb)).toBe(true);
    expect(isKnownNodeType('elasticache', DEFAULT_NODE_TYPE.elasticache)).toBe(true);
    expect(nodeTypes('memorydb').every((t) => t.startsWith('db.'))).toBe(true);
    expect(nodeTypes('elasticache').every((t) => t.startsWith('cache.'))).toBe(true);
  });
});
