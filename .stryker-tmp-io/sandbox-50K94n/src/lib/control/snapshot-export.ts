// @ts-nocheck
// Scheduled exports of a cluster's newest snapshot to an S3 bucket (how snapshots reach another
// account): which snapshot is the newest, what its export is called, and whether it was exported
// already. An export is recorded as a tag on the source snapshot (`memctl:export:<bucket>` = the
// export's name) once the service accepted it, so a cron or CI job that runs again exports once.
import type { Snapshot } from './model.js';

export type ExportSource = 'automated' | 'manual' | 'any';

export function exportTag(bucket: string): string {
  return `memctl:export:${bucket}`;
}

/**
 * The newest available snapshot of the cluster from `source`, leaving out the copies exports
 * leave behind (named like another of its snapshots' exports).
 */
export function newestSnapshot(snapshots: Snapshot[], cluster: string, source: ExportSource, prefix = ''): Snapshot | undefined {
  const copies = new Set(snapshots.map((s) => exportName(prefix, s)));
  return snapshots
    .filter((s) => s.clusterName === cluster && s.status === 'available' && (source === 'any' || s.source === source) && !(prefix !== '' && copies.has(s.name)))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}

/** The export's name: the prefix and the snapshot's name (lower case, as snapshot names are). */
export function exportName(prefix: string, snapshot: Snapshot): string {
  return `${prefix}${snapshot.name}`.toLowerCase();
}

/** The exports of older snapshots beyond the newest `keep` (by the tags that record them), oldest last. */
export function exportsToPrune(exported: Array<{ snapshot: Snapshot; name: string }>, keep: number): Array<{ snapshot: Snapshot; name: string }> {
  return [...exported].sort((a, b) => (b.snapshot.createdAt?.getTime() ?? 0) - (a.snapshot.createdAt?.getTime() ?? 0)).slice(keep);
}
