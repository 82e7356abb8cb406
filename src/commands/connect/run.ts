// memctl connect <target>: the redis-cli command line that reaches the cluster, with TLS, the CA,
// cluster mode (-c) and the user; run on a terminal (the password in REDISCLI_AUTH, never argv),
// printed otherwise, or as shell variables (-o env) or a URL (-o url) without the password.
import { spawn } from 'node:child_process';
import type { Context } from '../../context.js';
import { MemctlError, UsageError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import { isUrl, type TargetFlags } from '../../lib/redis/target.js';
import { getCluster } from '../options/service.js';
import { resolveTarget } from '../options/target.js';
import { shellWord } from '../../lib/io/shell.js';

export interface ConnectFlags extends TargetFlags {
  print?: boolean;
  exec?: boolean;
  /** -o env or -o url (connect's own formats). */
  format?: 'env' | 'url';
}

/** How to reach the cluster, without the password. */
export interface Connection {
  host: string;
  port: number;
  tls: boolean;
  cacert: string | null;
  insecure: boolean;
  user: string | null;
  clusterMode: boolean;
  db: number;
  /** redis-cli's argv, program first. */
  command: string[];
  /** Where redis-cli reads the password from (memctl sets it when it runs redis-cli). */
  passwordEnv: 'REDISCLI_AUTH';
}

function userInUrl(target: string): string | undefined {
  if (!isUrl(target)) return undefined;
  const user = decodeURIComponent(new URL(target).username);
  return user === '' ? undefined : user;
}


export function redisCliArgs(c: Omit<Connection, 'command' | 'passwordEnv'>, extra: readonly string[]): string[] {
  return [
    'redis-cli',
    ...(c.clusterMode ? ['-c'] : []),
    ...(c.tls ? ['--tls', ...(c.cacert === null ? [] : ['--cacert', c.cacert]), ...(c.insecure ? ['--insecure'] : [])] : []),
    '-h',
    c.host,
    '-p',
    String(c.port),
    ...(c.user === null ? [] : ['--user', c.user]),
    ...(c.db === 0 ? [] : ['-n', String(c.db)]),
    ...extra,
  ];
}

export function connectionUrl(c: Connection): string {
  const user = c.user === null ? '' : `${encodeURIComponent(c.user)}@`;
  return `${c.tls ? 'rediss' : 'redis'}://${user}${c.host}:${c.port}${c.db === 0 ? '' : `/${c.db}`}`;
}

export function envLines(c: Connection): string {
  const vars: Array<[string, string]> = [
    ['REDIS_HOST', c.host],
    ['REDIS_PORT', String(c.port)],
    ['REDIS_TLS', String(c.tls)],
    ...(c.cacert === null ? [] : ([['REDIS_CACERT', c.cacert]] as Array<[string, string]>)),
    ...(c.user === null ? [] : ([['REDIS_USER', c.user]] as Array<[string, string]>)),
    ['REDIS_CLUSTER_MODE', String(c.clusterMode)],
    ['REDIS_URL', connectionUrl(c)],
  ];
  return vars.map(([k, v]) => `${k}=${shellWord(v)}\n`).join('');
}

export async function run(ctx: Context, target: string, extra: string[] = [], flags: ConnectFlags = {}): Promise<void> {
  if (flags.print === true && flags.exec === true) throw new UsageError('use --print or --exec, not both');
  if (flags.format !== undefined && flags.exec === true) throw new UsageError(`-o ${flags.format} prints how to connect; it does not go with --exec`);
  const resolved = await resolveTarget(ctx, target, flags);
  const clusterMode = isUrl(target) ? true : (await getCluster(ctx, await ctx.controlPlane(), target)).clusterMode === 'enabled';
  const base = {
    host: resolved.seed.address,
    port: resolved.seed.port,
    tls: resolved.tls !== null,
    cacert: resolved.tls === null ? null : (flags.cacert ?? ctx.localCaPath() ?? null),
    insecure: resolved.tls !== null && flags.insecure === true,
    // The user is part of how to connect even when the password comes later (REDISCLI_AUTH).
    user: resolved.credentials?.user ?? flags.user ?? userInUrl(target) ?? null,
    clusterMode,
    db: resolved.db,
  };
  const connection: Connection = { ...base, command: redisCliArgs(base, extra), passwordEnv: 'REDISCLI_AUTH' };
  if (flags.format === 'env') {
    ctx.io.stdout.write(envLines(connection));
    return;
  }
  if (flags.format === 'url') {
    ctx.io.stdout.write(`${connectionUrl(connection)}\n`);
    return;
  }
  const interactive = ctx.io.stdinIsTTY && ctx.io.stdoutIsTTY;
  if (flags.exec === true || (interactive && flags.print !== true && ctx.output.query === undefined)) {
    // Log in once first: a wrong password or an unreachable node is said here (exit 4 / 1), not
    // left to a redis-cli session that warns and goes on unauthenticated.
    const { openNodes } = await import('../../lib/redis/target.js');
    const opened = await openNodes(resolved);
    opened.close();
    // The endpoint did not answer and a node of the cluster did (openNodes said so): that node.
    const via = opened.via;
    const session = via.address === base.host && via.port === base.port ? connection : { ...connection, command: redisCliArgs({ ...base, host: via.address, port: via.port }, extra) };
    await runRedisCli(ctx, session, resolved.credentials === undefined ? undefined : await resolved.credentials.password());
    return;
  }
  if (resolved.credentials !== undefined && !ctx.quiet) {
    ctx.io.stderr.write(`the password is not printed: set ${connection.passwordEnv} to it before running this (or run it with --exec)\n`);
  }
  // text and table: the command line itself, ready for a shell; json/yaml/ndjson: the connection.
  if ((ctx.output.format === 'text' || ctx.output.format === 'table') && ctx.output.query === undefined) {
    ctx.io.stdout.write(`${connection.command.map(shellWord).join(' ')}\n`);
    return;
  }
  await writeOutput(ctx.io, { data: connection, blocks: [{ kind: 'fields', fields: Object.entries(connection) }] }, ctx.output);
}

/** Runs redis-cli on this terminal; its exit code becomes memctl's failure when not 0. */
async function runRedisCli(ctx: Context, c: Connection, password: string | undefined): Promise<void> {
  const [program, ...args] = c.command;
  const env = { ...process.env, ...(password === undefined ? {} : { [c.passwordEnv]: password }) };
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(program as string, args, { stdio: 'inherit', env });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? new MemctlError('redis-cli is not on the PATH', 1, { hint: 'install it (Debian: apt-get install redis-tools), or print the command with --print' }) : err),
    );
    child.on('close', (exit) => resolve(exit));
    ctx.signal?.addEventListener('abort', () => child.kill('SIGINT'), { once: true });
  });
  if (code !== 0) throw new MemctlError(`redis-cli exited with ${code === null ? 'a signal' : `code ${code}`}`, 1);
}
