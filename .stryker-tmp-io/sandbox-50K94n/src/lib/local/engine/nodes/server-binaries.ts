// @ts-nocheck
// Which redis-server binary runs which engine version on this machine. The plane's default binary
// (MEMCTL_REDIS_SERVER, else `redis-server` on the PATH) runs every version nobody installed a
// binary for; an engine version gets its own binary from MEMCTL_REDIS_SERVER_<ENGINE>_<MAJOR>_<MINOR>
// (e.g. MEMCTL_REDIS_SERVER_VALKEY_8_0=/opt/valkey-8.0/bin/valkey-server) in the plane's
// environment. An upgrade needs the target version's own binary: that is what "installed" means.
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** Binaries by release key (`valkey 8.0`), absolute paths. */
export type ServerBinaries = Readonly<Record<string, string>>;

const VARIABLE = /^MEMCTL_REDIS_SERVER_(REDIS|VALKEY)_(\d+)_(\d+)$/;

function releaseKey(engine: string, version: string): string {
  const [major = '', minor = '0'] = version.split('.');
  return `${engine.toLowerCase()} ${major}.${minor}`;
}

/** The environment variable that names the binary of an engine version (major.minor). */
export function serverVariable(engine: string, version: string): string {
  const [major = '', minor = '0'] = version.split('.');
  return `MEMCTL_REDIS_SERVER_${engine.toUpperCase()}_${major}_${minor}`;
}

/** The binaries an environment names, made absolute (relative paths against `cwd`). */
export function serverBinariesFromEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerBinaries {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = VARIABLE.exec(name);
    if (match === null || value === undefined || value.trim() === '') continue;
    out[`${(match[1] as string).toLowerCase()} ${match[2]}.${match[3]}`] = isAbsolute(value) ? value : resolve(cwd, value);
  }
  return out;
}

/** The binary installed for an engine version; undefined when none is. */
export function serverFor(binaries: ServerBinaries, engine: string, version: string): string | undefined {
  return binaries[releaseKey(engine, version)];
}

/**
 * The binary an upgrade to this engine version would run, or why there is none: nothing named for
 * it, or a name that is not an executable file.
 */
export function installedServer(binaries: ServerBinaries, engine: string, version: string): { server: string } | { problem: string } {
  const server = serverFor(binaries, engine, version);
  const variable = serverVariable(engine, version);
  if (server === undefined) {
    return { problem: `no ${engine} ${version} binary is installed for the local control plane (start it with ${variable} set to that version's redis-server or valkey-server)` };
  }
  try {
    if (!statSync(server).isFile()) throw new Error('not a file');
    accessSync(server, constants.X_OK);
  } catch {
    return { problem: `${variable} names ${server}, which is not an executable file` };
  }
  return { server };
}
