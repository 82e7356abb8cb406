// @ts-nocheck
// One node's files: its redis.conf, where its log and aclfile live, and how secrets are written.
// Split out of redis-node.ts, which re-exports all of it.

import { chmod, writeFile } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { NODE_HOST, type NodeCredentials } from './node-client.js';
import type { TlsFiles } from './tls.js';

const HOST = NODE_HOST;

/** Who may log in to a node: its users, and the user replication and the control plane use. */
export interface NodeAccess {
  /**
   * The node's aclfile, rendered from the control plane's state before every start, so a node
   * that missed a change while it was down (or predates users) comes back with the right users.
   */
  aclFile: () => string;
  /** The control plane's admin user: replication (masteruser/masterauth) and our own commands. */
  admin: NodeCredentials;
}

export interface NodeSpec {
  name: string;
  port: number;
  dir: string;
  maxmemoryBytes: number;
  tls: TlsFiles | null;
  /**
   * An RDB file to start from (restoring a snapshot). Used only while the node has no AOF yet, so
   * later restarts load the node's own data, never the seed again.
   */
  seedRdb?: string;
  /** Users (an aclfile) and authenticated replication; without it the default user is open. */
  access?: NodeAccess;
  /**
   * false for a standalone node (an ElastiCache replication group with cluster mode disabled); a
   * Redis Cluster node otherwise.
   */
  clusterMode?: boolean;
  /**
   * For a standalone replica: the port of the primary it replicates from, written as `replicaof`
   * so a restart comes back as the same replica. Whoever moves the primary updates it.
   */
  replicaOf?: number;
  /**
   * The redis-server binary this node runs (an absolute path): the one installed for its engine
   * version (server-binaries.ts). Absent: the plane's default binary.
   */
  server?: string;
}

/** Quotes a value for redis.conf (parsed like sdssplitargs: double quotes with C-style escapes). */
export function quoteConfValue(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

export function confPathOf(spec: NodeSpec): string {
  return join(resolvePath(spec.dir), 'redis.conf');
}

export function logPathOf(spec: NodeSpec): string {
  return join(resolvePath(spec.dir), 'redis.log');
}

export function aclPathOf(spec: NodeSpec): string {
  return join(resolvePath(spec.dir), 'users.acl');
}

/**
 * The redis.conf of one node. Everything lives in its dir, so stop + start brings back its data and
 * cluster identity. `seeding` starts it without AOF, the only way Redis loads an RDB file at start.
 */
export function renderNodeConfig(spec: NodeSpec, options: { seeding?: boolean } = {}): string {
  const dir = resolvePath(spec.dir);
  const lines = [
    `# Written by memctl local for node ${spec.name}; rewritten on every start.`,
    `bind ${HOST}`,
    'daemonize no',
    'logfile ""',
    `dir ${quoteConfValue(dir)}`,
    // killStaleNode recognises our processes by their config path; redis-server rewrites its
    // argv (and so /proc/<pid>/cmdline) with this template, so the path must be part of it.
    'proc-title-template "{title} {listen-addr} {server-mode} {config-file}"',
    ...(spec.clusterMode === false
      ? spec.replicaOf === undefined ? [] : [`replicaof ${HOST} ${spec.replicaOf}`]
      : ['cluster-enabled yes', 'cluster-config-file nodes.conf', 'cluster-node-timeout 5000', `cluster-announce-ip ${HOST}`, 'cluster-allow-replica-migration no']),
    options.seeding === true ? 'appendonly no' : 'appendonly yes',
    'appendfsync everysec',
    'save ""',
    // The default 5 s delay waits for more replicas before a diskless full sync; locally it only slows formation.
    'repl-diskless-sync-delay 0',
    `maxmemory ${Math.max(0, Math.floor(spec.maxmemoryBytes))}`,
    'maxmemory-policy noeviction',
  ];
  if (spec.access) {
    // Users live in the aclfile only: redis refuses `user` lines in redis.conf next to an aclfile.
    lines.push(
      `aclfile ${quoteConfValue(aclPathOf(spec))}`,
      `masteruser ${quoteConfValue(spec.access.admin.user)}`,
      `masterauth ${quoteConfValue(spec.access.admin.password)}`,
    );
  }
  if (spec.tls) {
    lines.push(
      'port 0',
      `tls-port ${spec.port}`,
      `tls-cert-file ${quoteConfValue(resolvePath(spec.tls.certFile))}`,
      `tls-key-file ${quoteConfValue(resolvePath(spec.tls.keyFile))}`,
      `tls-ca-cert-file ${quoteConfValue(resolvePath(spec.tls.caCertFile))}`,
      'tls-auth-clients no',
      'tls-replication yes',
    );
    if (spec.clusterMode !== false) lines.push('tls-cluster yes');
  } else {
    lines.push(`port ${spec.port}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes a file only its owner can read (mode set also when the file already existed). */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  // An existing file (written before this was 0600) is narrowed first, so the secret never sits in a readable file.
  await chmod(path, 0o600).catch(() => undefined);
  await writeFile(path, text, { mode: 0o600 });
}
