// @ts-nocheck
// Keeps a cluster's memctl alarms in step with its nodes: apply the standard set (with overrides),
// follow the nodes after a scale (alarms of new nodes made like their siblings', those of nodes
// that left removed), or remove them all when the cluster goes.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { applyAlarmDiff, listClusterAlarms, type ClusterAlarm } from './alarm-calls.js';
import { desiredAlarms, diffAlarms, followAlarms, type AlarmDiff, type AlarmOverride, type AlarmTarget } from './alarm-plan.js';
import type { Cluster, ServiceName } from './model.js';

type Sender = Pick<CloudWatchClient, 'send'>;

export interface AlarmSyncResult {
  diff: AlarmDiff;
  existing: ClusterAlarm[];
}

/** The alarm target of a described cluster (its shards' nodes). */
export function alarmTarget(service: ServiceName, cluster: Cluster): AlarmTarget {
  return { service, cluster: cluster.name, nodeType: cluster.nodeType, nodes: (cluster.shards ?? []).flatMap((s) => s.nodes.map((n) => n.name)) };
}

export async function applyClusterAlarms(client: Sender, target: AlarmTarget, settings: { overrides: Record<string, AlarmOverride>; topics: string[] }, dryRun = false): Promise<AlarmSyncResult> {
  const existing = await listClusterAlarms(client, target.cluster);
  const diff = diffAlarms(desiredAlarms(target, settings.overrides, settings.topics), existing);
  if (!dryRun) await applyAlarmDiff(client, target.cluster, diff);
  return { diff, existing };
}

/** After the nodes changed: nothing when the cluster has no memctl alarms (`existing`: its alarms, read first). */
export async function followClusterAlarms(client: Sender, target: AlarmTarget, existing: ClusterAlarm[]): Promise<AlarmSyncResult> {
  const diff = diffAlarms(existing.length === 0 ? [] : followAlarms(target, existing), existing);
  await applyAlarmDiff(client, target.cluster, diff);
  return { diff, existing };
}

export async function deleteClusterAlarms(client: Sender, cluster: string, existing?: ClusterAlarm[]): Promise<number> {
  existing ??= await listClusterAlarms(client, cluster);
  await applyAlarmDiff(client, cluster, { create: [], update: [], delete: existing.map((a) => a.AlarmName), unchanged: 0 });
  return existing.length;
}
