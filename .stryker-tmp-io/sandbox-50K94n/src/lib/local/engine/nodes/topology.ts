// @ts-nocheck
// What a node says about itself and its cluster: CLUSTER NODES parsed into entries, and fields of
// INFO-style replies.
import type { Redis } from 'ioredis';
import { connectNode } from './node-client.js';
import type { TlsFiles } from './tls.js';

export interface NodeRoleInfo {
  port: number;
  nodeId: string;
  role: 'primary' | 'replica';
  primaryPort?: number;
  slots: Array<[number, number]>;
  /** Whether the reporting node's cluster bus link to this node is connected. */
  linkUp: boolean;
}

/** One line of CLUSTER NODES, with the details formation needs beyond NodeRoleInfo. */
export interface ClusterNodeEntry extends NodeRoleInfo {
  ip: string;
  busPort: number;
  flags: string[];
  myself: boolean;
  primaryId?: string;
  /** The config epoch the node claims its slots with: of two claims on one slot, the higher wins. */
  configEpoch: number;
  /** Slots this node is moving out (only the node's own line shows them): slot -> target node id. */
  migrating: Map<number, string>;
  /** Slots this node is taking in (own line only): slot -> source node id. */
  importing: Map<number, string>;
}

function parseAddress(address: string): { ip: string; port: number; busPort: number } {
  // ip:port@cport[,hostname]; IPv6 ips contain colons, so split at the last one.
  const hostPart = address.split(',')[0] ?? '';
  const [ipPort = '', bus = ''] = hostPart.split('@');
  const colon = ipPort.lastIndexOf(':');
  const ip = colon >= 0 ? ipPort.slice(0, colon) : ipPort;
  const port = Number(colon >= 0 ? ipPort.slice(colon + 1) : '');
  return { ip, port: Number.isFinite(port) ? port : 0, busPort: bus === '' ? 0 : Number(bus) || 0 };
}

function parseSlot(token: string): [number, number] | undefined {
  if (token.startsWith('[')) return undefined; // [slot->-id] migrating / [slot-<-id] importing
  const [from, to = from] = token.split('-');
  const start = Number(from);
  const end = Number(to);
  if (!Number.isInteger(start) || !Number.isInteger(end) || from === '' || to === '') return undefined;
  return [start, end];
}

/** Parses CLUSTER NODES output. Replica primaryPort is filled in when the primary is in the same output. */
export function parseClusterNodes(text: string): ClusterNodeEntry[] {
  const entries: ClusterNodeEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const [nodeId = '', address = '', flagList = '', primary = '-', , , epoch = '0', linkState = ''] = fields;
    const flags = flagList.split(',');
    const { ip, port, busPort } = parseAddress(address);
    const slots = fields.slice(8).map(parseSlot).filter((range): range is [number, number] => range !== undefined);
    const entry: ClusterNodeEntry = {
      nodeId,
      ip,
      port,
      busPort,
      flags,
      myself: flags.includes('myself'),
      role: flags.includes('slave') ? 'replica' : 'primary',
      slots,
      linkUp: linkState === 'connected',
      configEpoch: Number(epoch) || 0,
      migrating: new Map(),
      importing: new Map(),
    };
    for (const token of fields.slice(8)) {
      // [slot->-id]: migrating to id; [slot-<-id]: importing from id.
      const open = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/.exec(token);
      if (open === null) continue;
      (open[2] === '>' ? entry.migrating : entry.importing).set(Number(open[1]), open[3] as string);
    }
    if (primary !== '-') entry.primaryId = primary;
    entries.push(entry);
  }
  const portById = new Map(entries.map((entry) => [entry.nodeId, entry.port]));
  for (const entry of entries) {
    const primaryPort = entry.primaryId === undefined ? undefined : portById.get(entry.primaryId);
    if (primaryPort !== undefined) entry.primaryPort = primaryPort;
  }
  return entries;
}

/** CLUSTER NODES of a connected node. */
export async function clusterNodes(client: Redis): Promise<ClusterNodeEntry[]> {
  return parseClusterNodes(String(await client.call('CLUSTER', 'NODES')));
}

/** The cluster as one node sees it (CLUSTER NODES). */
export async function readTopology(port: number, tls: TlsFiles | null): Promise<ClusterNodeEntry[]> {
  const client = connectNode(port, tls, { connectTimeoutMs: 3_000, commandTimeoutMs: 3_000 });
  try {
    return await clusterNodes(client);
  } finally {
    client.disconnect();
  }
}

/** Reads one `field:value` line from INFO-style text. */
export function infoField(text: string, field: string): string | undefined {
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(text);
  return match?.[1]?.trim();
}
