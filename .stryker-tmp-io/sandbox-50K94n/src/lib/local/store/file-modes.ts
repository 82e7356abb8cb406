// @ts-nocheck
// The state directory holds secrets (the admin secret, password hashes, TLS keys), users' data (AOF
// and RDB files) and node configs with replication passwords: only the user who runs the plane may
// read any of it, whatever modes a directory made earlier (or by hand) has.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Everything the plane and its redis-server children create from now on is 0600 (dirs 0700). */
export const PRIVATE_UMASK = 0o077;

/**
 * Makes the state directory 0700 and everything below it 0600 (directories 0700). Links are not
 * followed. Returns how many modes it changed.
 */
export function lockDownStateDir(stateDir: string): number {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  let changed = 0;
  const visit = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return;
    const want = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== want) {
      chmodSync(path, want);
      changed++;
    }
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  visit(stateDir);
  return changed;
}
