// @ts-nocheck
// The maintenance and snapshot windows of a create or update request, checked as the services do:
// each well formed and at least 60 minutes, and (with what the cluster keeps for the one not given)
// the daily snapshot window outside the weekly maintenance window. Each service names its errors.
import { maintenanceSpan, snapshotSpan, windowsOverlap } from '../../../control/windows.js';
import type { ApiError } from './errors.js';

/** What a cluster gets when its request names no window (the same for both services locally). */
export const DEFAULT_WINDOWS = { maintenance: 'sun:23:00-mon:01:30', snapshot: '05:00-09:00' };

export interface WindowErrors {
  value: (message: string) => ApiError;
  combination: (message: string) => ApiError;
}

/**
 * Throws for a bad window; returns the maintenance window lower-cased (as the services store it).
 * `kept` is what the cluster has now (an update changes one and keeps the other).
 */
export function checkWindows(
  given: { maintenance?: string | undefined; snapshot?: string | undefined },
  kept: { maintenance: string; snapshot: string },
  errors: WindowErrors,
): { maintenance?: string; snapshot?: string } {
  const maintenance = given.maintenance === undefined ? undefined : given.maintenance.toLowerCase();
  if (maintenance !== undefined) {
    const span = maintenanceSpan(maintenance);
    if (typeof span === 'string') throw errors.value(`Invalid maintenance window ${given.maintenance}: ${span}.`);
  }
  if (given.snapshot !== undefined) {
    const span = snapshotSpan(given.snapshot);
    if (typeof span === 'string') throw errors.value(`Invalid snapshot window ${given.snapshot}: ${span}.`);
  }
  if (maintenance !== undefined || given.snapshot !== undefined) {
    const m = maintenanceSpan(maintenance ?? kept.maintenance);
    const s = snapshotSpan(given.snapshot ?? kept.snapshot);
    if (typeof m !== 'string' && typeof s !== 'string' && windowsOverlap(m, s)) {
      throw errors.combination(`The snapshot window ${given.snapshot ?? kept.snapshot} overlaps the maintenance window ${maintenance ?? kept.maintenance}.`);
    }
  }
  return { ...(maintenance === undefined ? {} : { maintenance }), ...(given.snapshot === undefined ? {} : { snapshot: given.snapshot }) };
}
