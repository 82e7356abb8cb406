// The standard alarm set memctl keeps for every node of a cluster, and how a set of alarms is
// planned against what CloudWatch has: the alarms to create, to update (with what changed) and to
// delete. Names say what each alarm belongs to (`memctl/<cluster>/<node>/<key>`), so memctl finds
// its own with one prefix. Thresholds follow AWS's guidance for ElastiCache and MemoryDB
// (docs/alarms.md); each can be overridden. Pure.
import { NAMESPACES, nodeDimensions } from './metric-catalog.js';
import type { ServiceName } from './model.js';
import { nodeMemoryBytes } from './node-types.js';

export type Comparison = 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';

export interface AlarmDefinition {
  key: string;
  metric: string;
  statistic: 'Average' | 'Maximum' | 'Minimum' | 'Sum';
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  comparison: Comparison;
  threshold: number;
  treatMissingData: 'missing' | 'notBreaching' | 'breaching' | 'ignore';
  /** What it watches, in words, for the alarm's description. */
  about: string;
}

/** The fields a threshold file or --threshold may set for an alarm key. */
export interface AlarmOverride {
  threshold?: number;
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  statistic?: AlarmDefinition['statistic'];
  disabled?: boolean;
}

export const OVERRIDE_FIELDS = ['threshold', 'period', 'evaluationPeriods', 'datapointsToAlarm', 'statistic', 'disabled'] as const;

const MB = 1024 * 1024;

/** The standard set for a node type (FreeableMemory's threshold is a share of its memory). */
export function standardAlarms(service: ServiceName, nodeType: string): AlarmDefinition[] {
  const memory = nodeMemoryBytes(service, nodeType);
  const five = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 5, treatMissingData: 'missing' as const };
  const defs: AlarmDefinition[] = [
    { key: 'cpu', metric: 'CPUUtilization', statistic: 'Average', ...five, comparison: 'GreaterThanOrEqualToThreshold', threshold: 90, about: 'host CPU at or above 90% for 5 minutes' },
    { key: 'engine-cpu', metric: 'EngineCPUUtilization', statistic: 'Average', ...five, comparison: 'GreaterThanOrEqualToThreshold', threshold: 90, about: "the engine's thread at or above 90% for 5 minutes" },
    { key: 'memory', metric: 'DatabaseMemoryUsagePercentage', statistic: 'Average', ...five, comparison: 'GreaterThanOrEqualToThreshold', threshold: 80, about: 'data at or above 80% of maxmemory for 5 minutes' },
    { key: 'swap', metric: 'SwapUsage', statistic: 'Average', ...five, comparison: 'GreaterThanThreshold', threshold: 50 * MB, about: 'swap above 50 MB for 5 minutes' },
    { key: 'connections', metric: 'CurrConnections', statistic: 'Maximum', ...five, comparison: 'GreaterThanOrEqualToThreshold', threshold: 60_000, about: 'connections at or above 60,000 (of 65,000) for 5 minutes' },
    { key: 'evictions', metric: 'Evictions', statistic: 'Sum', ...five, comparison: 'GreaterThanThreshold', threshold: 0, about: 'keys evicted every minute for 5 minutes' },
    { key: 'replication-lag', metric: 'ReplicationLag', statistic: 'Maximum', ...five, treatMissingData: 'notBreaching', comparison: 'GreaterThanOrEqualToThreshold', threshold: 30, about: 'a replica 30 s or more behind for 5 minutes (primaries report none)' },
  ];
  if (memory !== undefined) {
    defs.splice(3, 0, { key: 'freeable-memory', metric: 'FreeableMemory', statistic: 'Average', ...five, comparison: 'LessThanThreshold', threshold: Math.round(memory * 0.1), about: 'free memory under 10% of the node for 5 minutes' });
  }
  return defs;
}

export const ALARM_KEYS = ['cpu', 'engine-cpu', 'memory', 'freeable-memory', 'swap', 'connections', 'evictions', 'replication-lag'];

export const ALARM_PREFIX = 'memctl/';

export function alarmName(cluster: string, node: string, key: string): string {
  return `${ALARM_PREFIX}${cluster}/${node}/${key}`;
}

/** The cluster's prefix: every alarm memctl made for it, and no other cluster's. */
export function clusterAlarmPrefix(cluster: string): string {
  return `${ALARM_PREFIX}${cluster}/`;
}

/** `memctl/<cluster>/<node>/<key>` -> its node and key (undefined for a name memctl did not make). */
export function parseAlarmName(cluster: string, name: string): { node: string; key: string } | undefined {
  const prefix = clusterAlarmPrefix(cluster);
  if (!name.startsWith(prefix)) return undefined;
  const parts = name.slice(prefix.length).split('/');
  return parts.length === 2 && parts.every((p) => p !== '') ? { node: parts[0] as string, key: parts[1] as string } : undefined;
}

/** An alarm as PutMetricAlarm takes it (and as DescribeAlarms gives the fields memctl compares). */
export interface AlarmSpec {
  AlarmName: string;
  AlarmDescription: string;
  ActionsEnabled: boolean;
  AlarmActions: string[];
  OKActions: string[];
  Namespace: string;
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
  Statistic: string;
  Period: number;
  EvaluationPeriods: number;
  DatapointsToAlarm: number;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
}

export interface AlarmTarget {
  service: ServiceName;
  cluster: string;
  nodeType: string;
  nodes: string[];
}

/** The alarms a cluster should have: every enabled definition (with its overrides) for every node. */
export function desiredAlarms(target: AlarmTarget, overrides: Record<string, AlarmOverride>, topics: string[]): AlarmSpec[] {
  const defs = standardAlarms(target.service, target.nodeType)
    .map((d) => ({ ...d, ...withoutDisabled(overrides[d.key]) }))
    .filter((d) => overrides[d.key]?.disabled !== true);
  return target.nodes.flatMap((node) => defs.map((d) => specFor(target, node, d, topics)));
}

function withoutDisabled(o: AlarmOverride | undefined): Partial<AlarmDefinition> {
  if (o === undefined) return {};
  const { disabled: _disabled, ...rest } = o;
  return rest;
}

export function specFor(target: AlarmTarget, node: string, d: AlarmDefinition, topics: string[]): AlarmSpec {
  return {
    AlarmName: alarmName(target.cluster, node, d.key),
    AlarmDescription: `memctl standard alarm for ${target.cluster} node ${node}: ${d.about}`,
    ActionsEnabled: true,
    AlarmActions: [...topics],
    OKActions: [...topics],
    Namespace: NAMESPACES[target.service],
    MetricName: d.metric,
    Dimensions: nodeDimensions(target.service, target.cluster, node),
    Statistic: d.statistic,
    Period: d.period,
    EvaluationPeriods: d.evaluationPeriods,
    DatapointsToAlarm: d.datapointsToAlarm,
    Threshold: d.threshold,
    ComparisonOperator: d.comparison,
    TreatMissingData: d.treatMissingData,
  };
}

const COMPARED: Array<keyof AlarmSpec> = ['AlarmDescription', 'ActionsEnabled', 'AlarmActions', 'OKActions', 'Namespace', 'MetricName', 'Dimensions', 'Statistic', 'Period', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator', 'TreatMissingData'];

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = (x: unknown): string => JSON.stringify(x);
    return a.length === b.length && [...a].map(key).sort().join() === [...b].map(key).sort().join();
  }
  return a === b;
}

export interface AlarmDiff {
  create: AlarmSpec[];
  update: Array<{ spec: AlarmSpec; changed: string[] }>;
  delete: string[];
  unchanged: number;
}

/** What to do so that the alarms memctl has for the cluster are exactly `desired`. */
export function diffAlarms(desired: AlarmSpec[], existing: Array<Partial<AlarmSpec> & { AlarmName: string }>): AlarmDiff {
  const have = new Map(existing.map((a) => [a.AlarmName, a]));
  const want = new Set(desired.map((d) => d.AlarmName));
  const diff: AlarmDiff = { create: [], update: [], delete: [], unchanged: 0 };
  for (const spec of desired) {
    const current = have.get(spec.AlarmName);
    if (current === undefined) {
      diff.create.push(spec);
      continue;
    }
    const changed = COMPARED.filter((field) => !same(current[field] ?? (Array.isArray(spec[field]) ? [] : undefined), spec[field]));
    if (changed.length > 0) diff.update.push({ spec, changed });
    else diff.unchanged++;
  }
  for (const a of existing) if (!want.has(a.AlarmName)) diff.delete.push(a.AlarmName);
  return diff;
}

/**
 * After a scale: the alarms already there are the settings to follow. Each key the cluster has
 * alarms for gets one on every node (configured like that key's existing alarm); nodes that left
 * lose theirs; keys the cluster has no alarm for stay absent.
 */
export function followAlarms(target: AlarmTarget, existing: AlarmSpec[]): AlarmSpec[] {
  const byKey = new Map<string, AlarmSpec>();
  for (const a of existing) {
    const parsed = parseAlarmName(target.cluster, a.AlarmName);
    if (parsed !== undefined && !byKey.has(parsed.key)) byKey.set(parsed.key, a);
  }
  return target.nodes.flatMap((node) =>
    [...byKey].map(([key, model]) => ({
      ...model,
      AlarmName: alarmName(target.cluster, node, key),
      AlarmDescription: model.AlarmDescription.replace(/ node [^:]+:/, ` node ${node}:`),
      Dimensions: nodeDimensions(target.service, target.cluster, node),
    })),
  );
}
