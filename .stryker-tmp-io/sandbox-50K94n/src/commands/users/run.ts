// @ts-nocheck
// memctl users list|describe|create|update|delete: password or IAM users with access strings.
// Passwords come from --password-stdin, --password-file, MEMCTL_PASSWORD, a prompt, or --generate;
// output shows how many passwords a user has, never one (except a generated one, once).
import type { Context } from '../../context.js';
import { NotFoundError, UsageError } from '../../lib/io/errors.js';
import { writeOutput, type Rendered } from '../../lib/io/output.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import { readSecret, type Secret } from '../../lib/io/secrets.js';
import { accessStringWarnings, validateAccessString, validatePassword, validateUserName } from '../../lib/control/access-string.js';
import type { User, UserAuthentication } from '../../lib/control/model.js';
import { parseTag } from '../../lib/control/validate.js';
import { engineFlag } from '../options/service.js';
import { memctlCommand, waitForUser, waitTimeoutMs } from '../options/wait.js';

export function userListView(users: User[]): Rendered {
  return {
    data: users,
    blocks: [
      {
        kind: 'table',
        headers: ['name', 'status', 'authentication', 'passwords', 'acls', 'access string'],
        rows: users.map((u) => [u.name, u.status, u.authentication, u.passwordCount, u.acls.join(','), u.accessString]),
      },
    ],
  };
}

export function userDetailView(user: User, generatedPassword?: string): Rendered {
  return {
    data: generatedPassword === undefined ? user : { ...user, password: generatedPassword },
    blocks: [
      {
        kind: 'fields',
        title: `User ${user.name}`,
        fields: [
          ['name', user.name],
          ...(user.userName === undefined ? [] : ([['user name', user.userName]] as Array<[string, unknown]>)),
          ['status', user.status],
          ['authentication', user.authentication],
          ['passwords', user.passwordCount],
          [user.service === 'memorydb' ? 'acls' : 'user groups', user.acls.join(', ')],
          ...(user.engine === undefined ? [] : ([['engine', user.engine]] as Array<[string, unknown]>)),
          ['access string', user.accessString],
          ['minimum engine', user.minimumEngineVersion],
          ['arn', user.arn],
          ...(generatedPassword === undefined ? [] : ([['password (shown once)', generatedPassword]] as Array<[string, unknown]>)),
        ],
      },
    ],
  };
}

export interface PasswordFlags {
  passwordStdin?: boolean;
  passwordFile?: string;
  generate?: boolean;
  secondPasswordFile?: string;
}

/** The password(s) for create/update; the second (for two-password users) only from a file or MEMCTL_PASSWORD_2. */
export async function readPasswords(ctx: Context, name: string, flags: PasswordFlags, required: boolean): Promise<{ passwords: string[]; generated?: string } | undefined> {
  const first: Secret | undefined = await readSecret(
    ctx.io,
    process.env,
    { stdin: flags.passwordStdin, file: flags.passwordFile, generate: flags.generate },
    {
      label: `password for user ${name}`,
      flagNames: { stdin: '--password-stdin', file: '--password-file', generate: '--generate' },
      envVar: 'MEMCTL_PASSWORD',
      confirm: true,
      required,
    },
  );
  if (first === undefined) return undefined;
  const second =
    flags.secondPasswordFile === undefined && process.env.MEMCTL_PASSWORD_2 === undefined
      ? undefined
      : await readSecret(ctx.io, process.env, { file: flags.secondPasswordFile }, {
          label: `second password for user ${name}`,
          flagNames: { stdin: '--second-password-stdin', file: '--second-password-file' },
          envVar: 'MEMCTL_PASSWORD_2',
          confirm: false,
          required: true,
        });
  const passwords = [validatePassword(first.value), ...(second === undefined ? [] : [validatePassword(second.value, 'second password')])];
  if (passwords[0] === passwords[1]) throw new UsageError('the two passwords are the same');
  return { passwords, generated: first.generated ? first.value : undefined };
}

function warn(ctx: Context, accessString: string): void {
  if (ctx.quiet) return;
  for (const w of accessStringWarnings(accessString)) ctx.io.stderr.write(`warning: ${w}\n`);
}

export async function list(ctx: Context): Promise<void> {
  const plane = await ctx.controlPlane();
  await writeOutput(ctx.io, userListView(await plane.listUsers()), ctx.output);
}

export async function describe(ctx: Context, name: string): Promise<void> {
  const userName = validateUserName(name);
  const plane = await ctx.controlPlane();
  const user = await plane.findUser(userName);
  if (user === undefined) throw new NotFoundError(`user "${userName}" not found`, { hint: `run \`${memctlCommand(ctx, 'users list')}\`` });
  await writeOutput(ctx.io, userDetailView(user), ctx.output);
}

/**
 * --user-name: an ElastiCache user whose Redis name differs from its id, above all a replacement
 * `default` user (a user group must hold a user named default; the built-in one has no password).
 */
function userNameFlag(ctx: Context, id: string, flags: { userName?: string; iam?: boolean }): string | undefined {
  if (flags.userName === undefined) return undefined;
  if (ctx.service !== 'elasticache') throw new UsageError('--user-name applies to --service elasticache only', { hint: 'MemoryDB users have one name' });
  if (flags.iam === true) throw new UsageError('--user-name cannot be used with --iam: IAM authentication needs the user id and name to be the same');
  const name = validateUserName(flags.userName);
  return name === id ? undefined : name;
}

export interface CreateUserFlags extends PasswordFlags {
  accessString?: string;
  iam?: boolean;
  engine?: string;
  userName?: string;
  tag?: string[];
  wait?: boolean;
  timeout?: string;
}

export async function create(ctx: Context, name: string, flags: CreateUserFlags): Promise<void> {
  const userName = validateUserName(name);
  if (flags.accessString === undefined) throw new UsageError('--access-string is required, e.g. --access-string "on ~app:* +@all"');
  const accessString = validateAccessString(flags.accessString);
  const tags = (flags.tag ?? []).map(parseTag);
  const engine = engineFlag(ctx, flags.engine);
  const loginName = userNameFlag(ctx, userName, flags);
  if (flags.iam === true && (flags.passwordStdin === true || flags.passwordFile !== undefined || flags.generate === true)) {
    throw new UsageError('--iam users have no passwords: drop the password options');
  }
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 30 * 60_000);
  let authentication: UserAuthentication;
  let generated: string | undefined;
  if (flags.iam === true) {
    authentication = { type: 'iam' };
  } else {
    const read = (await readPasswords(ctx, userName, flags, true)) as { passwords: string[]; generated?: string };
    authentication = { type: 'password', passwords: read.passwords };
    generated = read.generated;
  }
  warn(ctx, accessString);
  const plane = await ctx.controlPlane();
  let user = await plane.createUser({ name: userName, accessString, authentication, tags, engine, userName: loginName });
  if (flags.wait === true) user = await waitForUser(ctx, plane, userName, { what: `user ${userName} to be active`, resume: memctlCommand(ctx, `users describe ${userName}`), timeoutMs });
  await writeOutput(ctx.io, userDetailView(user, generated), ctx.output);
}

export interface UpdateUserFlags extends PasswordFlags {
  accessString?: string;
  iam?: boolean;
  wait?: boolean;
  timeout?: string;
}

export async function update(ctx: Context, name: string, flags: UpdateUserFlags): Promise<void> {
  const userName = validateUserName(name);
  const accessString = flags.accessString === undefined ? undefined : validateAccessString(flags.accessString);
  const timeoutMs = waitTimeoutMs(ctx, flags.timeout, 30 * 60_000);
  let authentication: UserAuthentication | undefined;
  let generated: string | undefined;
  if (flags.iam === true) {
    authentication = { type: 'iam' };
  } else {
    const read = await readPasswords(ctx, userName, flags, false);
    if (read !== undefined) {
      authentication = { type: 'password', passwords: read.passwords };
      generated = read.generated;
    }
  }
  if (accessString === undefined && authentication === undefined) {
    throw new UsageError('nothing to update: give --access-string, a password (--password-stdin, --password-file, MEMCTL_PASSWORD, --generate) or --iam');
  }
  if (accessString !== undefined) warn(ctx, accessString);
  const plane = await ctx.controlPlane();
  let user = await plane.updateUser(userName, { accessString, authentication });
  if (flags.wait === true) user = await waitForUser(ctx, plane, userName, { what: `user ${userName} to be active`, resume: memctlCommand(ctx, `users describe ${userName}`), timeoutMs });
  await writeOutput(ctx.io, userDetailView(user, generated), ctx.output);
}

export async function remove(ctx: Context, name: string): Promise<void> {
  const userName = validateUserName(name);
  await confirmDestructive(ctx.io, { question: `Delete user ${userName}? Clients using it can no longer log in.`, action: `to delete user ${userName}`, yes: ctx.yes });
  const plane = await ctx.controlPlane();
  const user = await plane.deleteUser(userName);
  await writeOutput(ctx.io, { data: { name: user.name, status: user.status }, blocks: [{ kind: 'fields', fields: [['name', user.name], ['status', user.status]] }] }, ctx.output);
}
