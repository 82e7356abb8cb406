// @ts-nocheck
// Names both services' operations check the same way.
import { invalidParameter } from './errors.js';

/** Snapshot names also allow dots (automated ones are "automatic.<cluster>-<time>"). */
export function checkSnapshotName(value: string): string {
  if (!/^[A-Za-z][A-Za-z0-9.-]{0,254}$/.test(value) || value.endsWith('-') || value.includes('--')) {
    throw invalidParameter(`Snapshot name "${value}" is invalid: it must begin with a letter and contain only letters, digits, dots and hyphens`);
  }
  return value.toLowerCase();
}
