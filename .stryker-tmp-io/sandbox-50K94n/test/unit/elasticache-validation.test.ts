// @ts-nocheck
// `memctl create` flags → spec for --service elasticache, and the flags each service refuses,
// all checked before any API call.
import { describe, expect, it } from 'vitest';
import { createSpec, type CreateFlags } from '../../src/commands/options/cluster-spec.js';
import { clusterNoun, generateAuthToken, rejectOtherServiceFlags, validateAuthToken, wantsAuthToken } from '../../src/commands/options/service.js';
import { UsageError } from '../../src/lib/io/errors.js';

const ec = { service: 'elasticache' as const };
const mdb = { service: 'memorydb' as const };

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('createSpec with --service elasticache', () => {
  it('defaults: cluster mode enabled, 1 shard, 1 replica, TLS, cache.t4g.micro', () => {
    expect(createSpec(ec, 'Sessions', {})).toEqual({
      name: 'sessions',
      nodeType: 'cache.t4g.micro',
      shards: 1,
      replicas: 1,
      tls: true,
      clusterMode: 'enabled',
      tags: [],
      engine: undefined,
      engineVersion: undefined,
      description: undefined,
      snapshotName: undefined,
      snapshotArns: undefined,
      kmsKeyId: undefined,
      subnetGroup: undefined,
      securityGroupIds: undefined,
      parameterGroup: undefined,
      port: undefined,
      snapshotRetentionLimit: undefined,
      snapshotWindow: undefined,
      maintenanceWindow: undefined,
      snsTopicArn: undefined,
      dataTiering: undefined,
      autoMinorVersionUpgrade: undefined,
      automaticFailover: undefined,
      multiAz: undefined,
      atRestEncryption: undefined,
      userGroups: undefined,
    });
  });

  it('cluster mode disabled with replicas, Multi-AZ, encryption, user groups, windows, retention, SNS, KMS and tags', () => {
    const flags: CreateFlags = {
      clusterMode: 'Disabled',
      replicas: '2',
      multiAz: true,
      atRestEncryption: true,
      kmsKeyId: 'key-1',
      userGroups: ['app-users,ops-users'],
      parameterGroup: 'default.redis7',
      maintenanceWindow: 'sun:23:00-mon:01:30',
      snapshotWindow: '05:00-06:00',
      snapshotRetention: '7',
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
      tag: ['team=ops'],
      nodeType: 'cache.r7g.large',
      engine: 'valkey',
    };
    expect(createSpec(ec, 'cache', flags)).toMatchObject({
      name: 'cache',
      clusterMode: 'disabled',
      shards: 1,
      replicas: 2,
      multiAz: true,
      atRestEncryption: true,
      kmsKeyId: 'key-1',
      userGroups: ['app-users', 'ops-users'],
      parameterGroup: 'default.redis7',
      maintenanceWindow: 'sun:23:00-mon:01:30',
      snapshotWindow: '05:00-06:00',
      snapshotRetentionLimit: 7,
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
      tags: [{ key: 'team', value: 'ops' }],
      nodeType: 'cache.r7g.large',
      engine: 'valkey',
    });
  });

  it('--acl is a user group with ElastiCache', () => {
    expect(createSpec(ec, 'c', { acl: 'app-users' }).userGroups).toEqual(['app-users']);
    expect(usage(() => createSpec(ec, 'c', { acl: 'a', userGroups: ['b'] }))).toMatch(/--user-groups only/);
  });

  it('a restore leaves the cluster mode to the snapshot unless it is given', () => {
    expect(createSpec(ec, 'c', { fromSnapshot: 'nightly' }).clusterMode).toBeUndefined();
    expect(createSpec(ec, 'c', { fromSnapshot: 'nightly', clusterMode: 'disabled' }).clusterMode).toBe('disabled');
  });

  it('seeds from S3 RDB files', () => {
    expect(createSpec(ec, 'c', { snapshotArn: ['arn:aws:s3:::my-bucket/dump.rdb'] }).snapshotArns).toEqual(['arn:aws:s3:::my-bucket/dump.rdb']);
    expect(usage(() => createSpec(ec, 'c', { snapshotArn: ['s3://my-bucket/dump.rdb'] }))).toMatch(/invalid --snapshot-arn/);
    expect(usage(() => createSpec(ec, 'c', { snapshotArn: ['arn:aws:s3:::my-bucket/dump.rdb'], fromSnapshot: 'x' }))).toMatch(/not both/);
  });

  it.each<[string, CreateFlags, RegExp]>([
    ['a bad cluster mode', { clusterMode: 'maybe' }, /invalid --cluster-mode "maybe": expected enabled or disabled/],
    ['shards with cluster mode disabled', { clusterMode: 'disabled', shards: '2' }, /exactly one shard.*--shards 2/],
    ['no automatic failover with cluster mode enabled', { automaticFailover: false }, /--no-automatic-failover needs --cluster-mode disabled/],
    ['Multi-AZ without automatic failover', { clusterMode: 'disabled', multiAz: true, automaticFailover: false }, /--multi-az needs automatic failover/],
    ['Multi-AZ without replicas', { multiAz: true, replicas: '0' }, /--multi-az needs at least one replica/],
    ['automatic failover without replicas (cluster mode disabled)', { clusterMode: 'disabled', automaticFailover: true, replicas: '0' }, /needs at least one replica/],
    ['a KMS key without encryption at rest', { kmsKeyId: 'k', atRestEncryption: false }, /--kms-key-id needs encryption at rest/],
    ['an AUTH token without TLS', { generateAuthToken: true, tls: false }, /auth-token options need in-transit encryption/],
    ['an AUTH token and user groups', { authTokenFile: '/tmp/t', userGroups: ['g'] }, /either an auth-token option or user groups/],
    ['a bad user group name', { userGroups: ['bad_group'] }, /invalid user group name "bad_group"/],
    ['a MemoryDB node type', { nodeType: 'db.r7g.large' }, /unknown elasticache node type "db.r7g.large"/],
    ['too many replicas', { replicas: '6' }, /--replicas must be between 0 and 5/],
  ])('refuses %s', (_what, flags, message) => {
    expect(usage(() => createSpec(ec, 'c', flags))).toMatch(message);
  });

  it('names replication groups in messages', () => {
    expect(usage(() => createSpec(ec, '9lives', {}))).toMatch(/^invalid replication group name "9lives"/);
  });
});

describe('flags of the other service', () => {
  it.each<[string, CreateFlags]>([
    ['--cluster-mode', { clusterMode: 'enabled' }],
    ['--multi-az', { multiAz: true }],
    ['--automatic-failover', { automaticFailover: false }],
    ['--at-rest-encryption', { atRestEncryption: true }],
    ['--auth-token-stdin', { authTokenStdin: true }],
    ['--auth-token-file', { authTokenFile: 'f' }],
    ['--generate-auth-token', { generateAuthToken: true }],
    ['--auth-token', { authToken: true }],
    ['--user-groups', { userGroups: ['g'] }],
  ])('MemoryDB refuses %s, saying which service takes it', (flag, flags) => {
    expect(usage(() => createSpec(mdb, 'c', flags))).toMatch(new RegExp(`^${flag}.* applies to --service elasticache only$`));
  });

  it('MemoryDB keeps --acl', () => {
    expect(createSpec(mdb, 'c', { acl: 'app' }).acl).toBe('app');
  });

  it('rejectOtherServiceFlags gives the hint of the entry', () => {
    try {
      rejectOtherServiceFlags('elasticache', { dataTiering: true }, [{ key: 'dataTiering', flag: '--data-tiering', service: 'memorydb', instead: 'use r6gd nodes' }]);
      throw new Error('expected an error');
    } catch (err) {
      expect((err as UsageError).message).toBe('--data-tiering applies to --service memorydb only');
      expect((err as UsageError).hint).toBe('use r6gd nodes');
    }
    expect(() => rejectOtherServiceFlags('memorydb', { dataTiering: true }, [{ key: 'dataTiering', flag: '--data-tiering', service: 'memorydb' }])).not.toThrow();
  });

  it('clusterNoun', () => {
    expect(clusterNoun('memorydb')).toBe('cluster');
    expect(clusterNoun('elasticache')).toBe('replication group');
  });
});

describe('AUTH tokens', () => {
  it('wantsAuthToken: any token flag', () => {
    expect(wantsAuthToken({})).toBe(false);
    expect(wantsAuthToken({ authToken: true })).toBe(true);
    expect(wantsAuthToken({ authTokenStdin: true })).toBe(true);
    expect(wantsAuthToken({ authTokenFile: 'f' })).toBe(true);
    expect(wantsAuthToken({ generateAuthToken: true })).toBe(true);
  });

  it('accepts 16-128 letters, digits and ! & # $ ^ < > -, and refuses anything else without echoing it', () => {
    const good = 'Tok3n-with!&#$^<>-';
    expect(validateAuthToken(good)).toBe(good);
    expect(validateAuthToken('x'.repeat(128))).toHaveLength(128);
    for (const bad of ['short-token', 'has a space in it 123', 'slash/is-not-allowed-here', 'quote"is-not-allowed-here', 'at@is-not-allowed-here-x', 'percent%is-not-allowed', 'star*is-not-allowed-here', 'x'.repeat(129)]) {
      const message = usage(() => validateAuthToken(bad));
      expect(message).toMatch(/^invalid token: /);
      expect(message).not.toContain(bad);
    }
  });

  it('generated tokens are 32 characters ElastiCache accepts, and differ', () => {
    const tokens = Array.from({ length: 50 }, () => generateAuthToken());
    for (const t of tokens) expect(validateAuthToken(t)).toHaveLength(32);
    expect(new Set(tokens).size).toBe(50);
  });
});
