// The local control plane's persisted state: everything needed to bring clusters back after
// `local down` / `local up`. Written atomically (temp file + rename) after every change.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type LocalClusterStatus = 'creating' | 'available' | 'deleting' | 'create-failed';

export interface LocalNode {
  name: string;
  port: number;
  /** Role when the cluster was formed; the live role is read from the nodes. */
  role: 'primary' | 'replica';
  createdAt: number;
  dir: string;
}

export interface LocalShard {
  name: string;
  slots: string;
  nodes: LocalNode[];
}

export interface LocalTag {
  Key: string;
  Value: string;
}

export interface LocalCluster {
  service: 'memorydb';
  name: string;
  arn: string;
  region: string;
  description: string;
  status: LocalClusterStatus;
  failure?: string;
  nodeType: string;
  engine: string;
  engineVersion: string;
  parameterGroup: string;
  subnetGroup: string;
  securityGroupIds: string[];
  aclName: string;
  tls: boolean;
  kmsKeyId?: string;
  snsTopicArn?: string;
  snapshotRetentionLimit: number;
  snapshotWindow: string;
  maintenanceWindow: string;
  autoMinorVersionUpgrade: boolean;
  dataTiering: boolean;
  replicasPerShard: number;
  createdAt: number;
  shards: LocalShard[];
}

export interface LocalSubnetGroup {
  name: string;
  arn: string;
  description: string;
  vpcId: string;
  subnets: Array<{ id: string; availabilityZone: string }>;
}

export interface LocalState {
  version: 1;
  clusters: Record<string, LocalCluster>;
  subnetGroups: Record<string, LocalSubnetGroup>;
  /** Tags by resource ARN. */
  tags: Record<string, LocalTag[]>;
}

export function emptyState(): LocalState {
  return { version: 1, clusters: {}, subnetGroups: {}, tags: {} };
}

export function loadState(file: string): LocalState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<LocalState>;
  if (parsed.version !== 1) throw new Error(`${file}: unsupported state version ${String(parsed.version)}`);
  return { ...emptyState(), ...parsed } as LocalState;
}

export function saveState(file: string, state: LocalState): void {
  writeJsonAtomic(file, state);
}

export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
