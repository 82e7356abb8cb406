// @ts-nocheck
// Primary/replica sets of standalone nodes (ElastiCache replication groups with cluster mode
// disabled): replicas attached with REPLICAOF, health, and a planned failover that loses no
// acknowledged write.

import type { Redis } from 'ioredis';
import { infoField } from '../nodes/topology.js';
import { NODE_HOST } from '../nodes/node-client.js';
import type { TlsFiles } from '../nodes/tls.js';
import { clientFor, closeClients, openClients, pollUntil } from './nodes.js';

const DEFAULT_TIMEOUT_MS = 20_000;
const addr = (port: number): string => `${NODE_HOST}:${port}`;

export interface ReplicationMember {
  port: number;
  /** The primary a replica replicates from; undefined for the primary. */
  primaryPort?: number;
}

/** What is not right yet about one node, from its INFO replication. */
function memberProblem(member: ReplicationMember, info: string): string | undefined {
  const role = infoField(info, 'role');
  if (member.primaryPort === undefined) return role === 'master' ? undefined : `${addr(member.port)} is not a primary (role:${role ?? '?'})`;
  if (role !== 'slave' || Number(infoField(info, 'master_port')) !== member.primaryPort) return `${addr(member.port)} does not replicate from ${addr(member.primaryPort)} yet`;
  if (infoField(info, 'master_link_status') !== 'up') return `${addr(member.port)} replication link not up yet`;
  if (infoField(info, 'master_sync_in_progress') === '1') return `${addr(member.port)} is still syncing`;
  return undefined;
}

/**
 * Waits until every member has the role it should: the primary a primary, each replica attached to
 * its primary with the link up and the first sync done.
 */
export async function waitReplicationHealthy(members: ReplicationMember[], tls: TlsFiles | null, timeoutMs = DEFAULT_TIMEOUT_MS, signal?: AbortSignal): Promise<void> {
  const clients = openClients(members.map((m) => m.port), tls);
  try {
    await pollUntil('replication', 'waiting for every replica to be in sync', Date.now() + timeoutMs, async () => {
      const problems = await Promise.all(members.map(async (m) => memberProblem(m, String(await clientFor(clients, m.port).call('INFO', 'replication')))));
      return problems.filter((p): p is string => p !== undefined);
    }, signal);
  } finally {
    closeClients(clients);
  }
}

/** Points running nodes at a primary (REPLICAOF), then waits until they are in sync with it. */
export async function replicateFrom(ports: number[], primaryPort: number, tls: TlsFiles | null, timeoutMs = DEFAULT_TIMEOUT_MS, signal?: AbortSignal): Promise<void> {
  if (ports.length === 0) return;
  const clients = openClients(ports, tls);
  try {
    await Promise.all(ports.map((port) => clientFor(clients, port).call('REPLICAOF', NODE_HOST, String(primaryPort))));
  } finally {
    closeClients(clients);
  }
  await waitReplicationHealthy(ports.map((port) => ({ port, primaryPort })), tls, timeoutMs, signal);
}

export interface PromotionResult {
  oldPrimaryPort: number;
  newPrimaryPort: number;
  ms: number;
}

/**
 * Promotes a replica with Redis's coordinated FAILOVER: the primary pauses writers, waits until the
 * replica has every write it acknowledged, then the two swap roles (the old primary replicates from
 * the new one). The other replicas are then pointed at the new primary. Resolves once every node
 * replicates from the new primary with its link up.
 */
export async function promoteReplica(replicaPort: number, otherReplicaPorts: number[], tls: TlsFiles | null, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PromotionResult> {
  const began = performance.now();
  const deadline = Date.now() + timeoutMs;
  const info = await readInfo(replicaPort, tls);
  if (infoField(info, 'role') !== 'slave') throw new Error(`cannot promote ${addr(replicaPort)}: it is not a replica`);
  if (infoField(info, 'master_link_status') !== 'up') throw new Error(`cannot promote ${addr(replicaPort)}: its replication link is down`);
  const oldPrimaryPort = Number(infoField(info, 'master_port'));
  const operation = `failover from ${addr(oldPrimaryPort)} to ${addr(replicaPort)}`;
  const clients = openClients([oldPrimaryPort, replicaPort], tls);
  const client = (port: number): Redis => clientFor(clients, port);
  try {
    // The timeout bounds the write pause: a replica that cannot catch up in time aborts the failover.
    await client(oldPrimaryPort).call('FAILOVER', 'TO', NODE_HOST, String(replicaPort), 'TIMEOUT', '5000');
    let aborted = false;
    await pollUntil(operation, 'waiting for the replica to take over', deadline, async () => {
      const [oldInfo, newInfo] = await Promise.all([client(oldPrimaryPort).call('INFO', 'replication').then(String), client(replicaPort).call('INFO', 'replication').then(String)]);
      // Back to a plain primary without a failover in progress: Redis gave up (and unpaused writers).
      if (infoField(oldInfo, 'role') === 'master' && infoField(oldInfo, 'master_failover_state') === 'no-failover' && infoField(newInfo, 'role') !== 'master') {
        aborted = true;
        return [];
      }
      const pending: string[] = [];
      if (infoField(newInfo, 'role') !== 'master') pending.push(`${addr(replicaPort)} is still a replica`);
      const problem = memberProblem({ port: oldPrimaryPort, primaryPort: replicaPort }, oldInfo);
      if (problem !== undefined) pending.push(problem);
      return pending;
    });
    if (aborted) throw new Error(`${operation} was aborted by Redis: the replica did not catch up within 5 s`);
  } finally {
    closeClients(clients);
  }
  await replicateFrom(otherReplicaPorts, replicaPort, tls, Math.max(1_000, deadline - Date.now()));
  return { oldPrimaryPort, newPrimaryPort: replicaPort, ms: Math.round(performance.now() - began) };
}

/**
 * Makes a replica the primary when the old one is gone: REPLICAOF NO ONE, then the other replicas
 * follow it. Writes the old primary acknowledged after the replica's last sync are lost, so it is
 * for when no coordinated FAILOVER is possible.
 */
export async function takeoverStandalone(replicaPort: number, otherReplicaPorts: number[], tls: TlsFiles | null, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<PromotionResult> {
  const began = performance.now();
  const info = await readInfo(replicaPort, tls);
  if (infoField(info, 'role') !== 'slave') throw new Error(`cannot promote ${addr(replicaPort)}: it is not a replica`);
  const oldPrimaryPort = Number(infoField(info, 'master_port'));
  const clients = openClients([replicaPort], tls);
  try {
    await clientFor(clients, replicaPort).call('REPLICAOF', 'NO', 'ONE');
  } finally {
    closeClients(clients);
  }
  await replicateFrom(otherReplicaPorts, replicaPort, tls, timeoutMs);
  return { oldPrimaryPort, newPrimaryPort: replicaPort, ms: Math.round(performance.now() - began) };
}

async function readInfo(port: number, tls: TlsFiles | null): Promise<string> {
  const clients = openClients([port], tls);
  try {
    return String(await clientFor(clients, port).call('INFO', 'replication'));
  } finally {
    closeClients(clients);
  }
}
