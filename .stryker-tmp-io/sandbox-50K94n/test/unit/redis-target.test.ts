// @ts-nocheck
import { describe, expect, it } from 'vitest';
import { connectedReplicas, parseRedisUrl, sweepNodes, type NodeHandle } from '../../src/lib/redis/target.js';

describe('connectedReplicas', () => {
  it('lists the online replicas of INFO replication, in order', () => {
    const info = [
      '# Replication',
      'role:master',
      'connected_slaves:3',
      'slave0:ip=127.0.0.1,port=40001,state=online,offset=1200,lag=0',
      'slave1:ip=10.0.0.7,port=6380,state=wait_bgsave,offset=0,lag=1',
      'slave2:ip=127.0.0.1,port=40003,state=online,offset=1200,lag=1',
      'master_repl_offset:1200',
    ].join('\r\n');
    expect(connectedReplicas(info)).toEqual([
      { address: '127.0.0.1', port: 40001 },
      { address: '127.0.0.1', port: 40003 },
    ]);
  });

  it('finds none on a replica or a primary without replicas, and ignores malformed lines', () => {
    expect(connectedReplicas('role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\n')).toEqual([]);
    expect(connectedReplicas('role:master\r\nconnected_slaves:0\r\n')).toEqual([]);
    expect(connectedReplicas('slave0:ip=127.0.0.1,port=99999,state=online\r\nslave1:port=6380,state=online\r\n')).toEqual([]);
  });
});

describe('sweepNodes on a primary with replicas (cluster mode disabled)', () => {
  const node = (id: string, role: 'primary' | 'replica', primaryId?: string): NodeHandle => ({ id, address: '127.0.0.1', port: 1, role, primaryId, client: undefined as never });
  const nodes = [node('standalone', 'primary'), node('127.0.0.1:2', 'replica', 'standalone'), node('127.0.0.1:3', 'replica', 'standalone')];

  it('reads the primary, or one replica with --read-from replica', () => {
    expect(sweepNodes(nodes, 'primary').map((n) => n.id)).toEqual(['standalone']);
    expect(sweepNodes(nodes, 'replica').map((n) => n.id)).toEqual(['127.0.0.1:2']);
  });

  it('reads a replica reached directly', () => {
    expect(sweepNodes([node('standalone', 'replica')], 'primary').map((n) => n.id)).toEqual(['standalone']);
  });
});

describe('parseRedisUrl', () => {
  it('keeps TLS, host, port and database', () => {
    expect(parseRedisUrl('rediss://127.0.0.1:7000/2')).toMatchObject({ host: '127.0.0.1', port: 7000, tls: true, db: 2 });
  });
});
