// @ts-nocheck
// Flags that only one service understands, described once: commands reject the others' flags
// before any API call (exit 2) with a hint at the flag that does apply.
import type { Context } from '../../context.js';
import { NotFoundError, UsageError } from '../../lib/io/errors.js';
import { randomInt } from 'node:crypto';
import { registerSecret } from '../../lib/io/debug.js';
import { readSecret, type SecretFlags } from '../../lib/io/secrets.js';
import { validatePassword } from '../../lib/control/access-string.js';
import type { Cluster, ControlPlane, ServiceName } from '../../lib/control/model.js';

export interface ServiceOnlyFlag {
  /** The commander property. */
  key: string;
  /** As typed on the command line. */
  flag: string;
  service: ServiceName;
  /** What to use with the other service, if anything. */
  instead?: string;
}

/** Throws for the first flag given that the chosen service does not take. */
export function rejectOtherServiceFlags(service: ServiceName, flags: object, table: readonly ServiceOnlyFlag[]): void {
  const given = flags as Record<string, unknown>;
  for (const entry of table) {
    if (entry.service === service || given[entry.key] === undefined) continue;
    throw new UsageError(`${entry.flag} applies to --service ${entry.service} only`, {
      hint: entry.instead ?? `drop ${entry.flag}, or pass --service ${entry.service}`,
    });
  }
}

export interface AuthTokenFlags {
  /** --auth-token: from MEMCTL_AUTH_TOKEN or a hidden prompt. */
  authToken?: boolean;
  authTokenStdin?: boolean;
  authTokenFile?: string;
  generateAuthToken?: boolean;
}

/** Every flag that asks for an AUTH token. */
export function wantsAuthToken(flags: AuthTokenFlags): boolean {
  return flags.authToken === true || flags.authTokenStdin === true || flags.authTokenFile !== undefined || flags.generateAuthToken === true;
}

/** The special characters ElastiCache accepts in an AUTH token (besides letters and digits). */
const TOKEN_SPECIALS = '!&#$^<>-';
const TOKEN_ALPHABET = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789${TOKEN_SPECIALS}`;

/**
 * ElastiCache AUTH tokens: 16-128 characters, letters, digits and only the specials ! & # $ ^ < > -
 * (the service refuses any other). Never echoed in the message.
 */
export function validateAuthToken(token: string, label = 'token'): string {
  validatePassword(token, label);
  const index = [...token].findIndex((c) => !TOKEN_ALPHABET.includes(c));
  if (index >= 0) throw new UsageError(`invalid ${label}: character ${index + 1} of ${token.length} is not allowed (letters, digits and ${[...TOKEN_SPECIALS].join(' ')} only)`);
  return token;
}

/** 32 random characters ElastiCache accepts. */
export function generateAuthToken(length = 32): string {
  let out = '';
  for (let i = 0; i < length; i++) out += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return out;
}

export interface ReadToken {
  value: string;
  generated: boolean;
}

/**
 * An AUTH token from --auth-token-stdin, --auth-token-file, --generate-auth-token, or (with
 * --auth-token) MEMCTL_AUTH_TOKEN or a hidden prompt. `stdinText` lets two secrets share stdin.
 */
export async function readAuthToken(
  ctx: Context,
  flags: { stdin?: boolean; file?: string; generate?: boolean },
  request: { label: string; flagNames: { stdin: string; file: string; generate?: string }; envVar: string; confirm: boolean; required: boolean },
  stdinText?: () => Promise<string>,
): Promise<ReadToken | undefined> {
  const chosen = [flags.stdin === true, flags.file !== undefined, flags.generate === true].filter(Boolean).length;
  if (flags.generate === true && chosen === 1) {
    // Generated here: the password alphabet holds characters ElastiCache refuses in tokens.
    const value = generateAuthToken();
    registerSecret(value);
    return { value, generated: true };
  }
  const secretFlags: SecretFlags = { stdin: flags.stdin, file: flags.file, generate: flags.generate };
  const secret = await readSecret(ctx.io, process.env, secretFlags, request, stdinText);
  if (secret === undefined) return undefined;
  return { value: validateAuthToken(secret.value, request.label), generated: secret.generated };
}

/** The AUTH token for `create` (and restore), when one of the token flags asks for it. */
export async function createAuthToken(ctx: Context, name: string, flags: AuthTokenFlags): Promise<ReadToken | undefined> {
  if (!wantsAuthToken(flags)) return undefined;
  return readAuthToken(
    ctx,
    { stdin: flags.authTokenStdin, file: flags.authTokenFile, generate: flags.generateAuthToken },
    {
      label: `token for ${name}`,
      flagNames: { stdin: '--auth-token-stdin', file: '--auth-token-file', generate: '--generate-auth-token' },
      envVar: 'MEMCTL_AUTH_TOKEN',
      confirm: true,
      required: true,
    },
  );
}

/** What a cluster is called in messages: ElastiCache's are replication groups. */
export function clusterNoun(service: ServiceName): string {
  return service === 'memorydb' ? 'cluster' : 'replication group';
}

/** --engine is ElastiCache's (users and user groups belong to an engine); MemoryDB has none. */
export function engineFlag(ctx: Context, engine: string | undefined): string | undefined {
  if (engine === undefined) return undefined;
  if (ctx.service !== 'elasticache') throw new UsageError('--engine applies to --service elasticache only', { hint: 'MemoryDB users and ACLs work with every engine' });
  const value = engine.toLowerCase();
  if (value !== 'redis' && value !== 'valkey') throw new UsageError(`invalid --engine "${engine}": expected redis or valkey`);
  return value;
}

const SERVICE_LABEL: Record<ServiceName, string> = { memorydb: 'MemoryDB', elasticache: 'ElastiCache' };
/** How long the other service may take to say whether it has the name. */
const OTHER_SERVICE_LOOKUP_MS = 5000;

/**
 * The cluster (replication group) named; when this service has none, asks the other service and
 * says so if the name is there: `bench ecd` without --service elasticache.
 */
export async function getCluster(ctx: Context, plane: ControlPlane, name: string, options: { shards?: boolean } = {}): Promise<Cluster> {
  try {
    return await plane.getCluster(name, options);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    const elsewhere = await inOtherService(ctx, name);
    if (elsewhere === undefined) throw err;
    throw new NotFoundError(`${clusterNoun(ctx.service)} "${name}" not found in ${SERVICE_LABEL[ctx.service]}; ${SERVICE_LABEL[elsewhere]} has a ${clusterNoun(elsewhere)} of that name`, {
      hint: `add --service ${elsewhere} (or set MEMCTL_SERVICE=${elsewhere})`,
    });
  }
}

/** The other service, when it has a cluster of this name (any failure to ask: undefined). */
async function inOtherService(ctx: Context, name: string): Promise<ServiceName | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const lookup = (async () => {
      const other = await ctx.otherControlPlane();
      return (await other.plane.findCluster(name)) === undefined ? undefined : other.service;
    })();
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), OTHER_SERVICE_LOOKUP_MS)));
    return await Promise.race([lookup.catch(() => undefined), timeout]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
