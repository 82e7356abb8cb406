// @ts-nocheck
// The control plane's own Redis user: every node knows it (with full rights), and every connection
// the control plane opens to a node authenticates as it, so formation, migration, failover,
// snapshots and health checks keep working on clusters that refuse everyone else.
//
// Each cluster has its own password, derived (HMAC-SHA256) from one secret per state directory,
// made on first use like the local CA and kept in `<state>/admin.json` (mode 0600): knowing one
// cluster's password opens no other. Nodes only ever see its SHA-256 hash in their aclfile, except
// for `masterauth` in each node's redis.conf (also 0600), which replication needs in clear and no
// user can read (CONFIG is one of the restricted commands: restricted.ts).
import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeCredentials } from '../nodes/node-client.js';

export const ADMIN_USER = 'memctl-admin';
const ADMIN_FILE = 'admin.json';

function parse(text: string, file: string): NodeCredentials {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; remove it to make a new admin credential (restart every cluster afterwards)`);
  }
  const { user, password } = (value ?? {}) as Partial<NodeCredentials>;
  if (user !== ADMIN_USER || typeof password !== 'string' || !/^[0-9a-f]{64}$/.test(password)) {
    throw new Error(`${file} does not hold a valid admin credential`);
  }
  return { user, password };
}

/**
 * The admin credential of a state directory, created on first use. Safe when several processes
 * call it at once: each writes a temp file and links it into place; link() fails if the file
 * already exists, so the first one wins and the others read what it wrote.
 */
export async function ensureAdminCredential(stateDir: string): Promise<NodeCredentials> {
  const file = join(stateDir, ADMIN_FILE);
  try {
    return parse(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(stateDir, { recursive: true });
  const credential: NodeCredentials = { user: ADMIN_USER, password: randomBytes(32).toString('hex') };
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify(credential)}\n`, { mode: 0o600 });
  try {
    await link(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(tmp, { force: true });
  }
  return parse(await readFile(file, 'utf8'), file);
}

/** The admin credential of one cluster: its own password, derived from the state directory's secret. */
export function clusterAdminCredential(secret: NodeCredentials, clusterName: string): NodeCredentials {
  const password = createHmac('sha256', secret.password).update(`memctl cluster admin\0${clusterName}`).digest('hex');
  return { user: ADMIN_USER, password };
}

/** The admin credential of one cluster read from a state directory (the CLI's view); undefined without one. */
export async function readClusterAdminCredential(stateDir: string, clusterName: string): Promise<NodeCredentials | undefined> {
  const file = join(stateDir, ADMIN_FILE);
  try {
    return clusterAdminCredential(parse(await readFile(file, 'utf8'), file), clusterName);
  } catch {
    return undefined;
  }
}
