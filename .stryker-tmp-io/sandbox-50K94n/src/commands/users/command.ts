// @ts-nocheck
// Declares `memctl users` and its subcommands (rotate-password among them): arguments, flags and
// help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { collect, passwordOptions, waitOptions } from '../options/flags.js';

export function registerUsers(program: Command, deps: ProgramDeps): void {
  const users = program.command('users').description('users: password or IAM authentication, access strings, zero-downtime rotation');
  users.command('list').description('list users with their ACLs and password count').action(lazy(deps, async () => (await import('./run.js')).list));
  users
    .command('describe')
    .description('one user')
    .argument('<user>', 'user name')
    .action(lazy(deps, async () => (await import('./run.js')).describe));
  waitOptions(
    passwordOptions(users.command('create').description('create a user (password from --password-stdin, --password-file, MEMCTL_PASSWORD, a prompt, or --generate)').argument('<user>', 'user name')),
  )
    .option('--access-string <rules>', 'Redis ACL rules, e.g. "on ~app:* +@all"')
    .option('--iam', 'authenticate with IAM tokens instead of passwords')
    .option('--engine <engine>', 'ElastiCache: redis (default) or valkey')
    .option('--user-name <name>', 'ElastiCache: the name Redis knows the user by, when it differs from its id (e.g. default, to replace the built-in default user)')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .action(lazy(deps, async () => (await import('./run.js')).create));
  waitOptions(passwordOptions(users.command('update').description('change a user\'s access string or passwords').argument('<user>', 'user name')))
    .option('--access-string <rules>', 'new Redis ACL rules')
    .option('--iam', 'switch to IAM authentication')
    .action(lazy(deps, async () => (await import('./run.js')).update));
  users
    .command('delete')
    .description('delete a user (asks first; needs --yes without a terminal)')
    .argument('<user>', 'user name')
    .action(lazy(deps, async () => (await import('./run.js')).remove));
  users
    .command('rotate-password')
    .description('zero-downtime rotation: phase one adds the new password, --finish removes the old; each verified on every node')
    .argument('<user>', 'user name')
    .option('--password-stdin', 'read the new password from standard input (with --current-password-stdin: the second line)')
    .option('--password-file <file>', 'read the new password from a file')
    .option('--generate', 'generate the new password and print it once')
    .option('--current-password-stdin', 'read the current password from standard input (the first line)')
    .option('--current-password-file <file>', 'read the current password from a file (or MEMCTL_CURRENT_PASSWORD)')
    .option('--finish', 'phase two: remove the old password and verify it is refused everywhere')
    .option('--grace <duration>', 'run phase one, wait this long, then phase two')
    .option('--single-shot', 'replace the password at once (clients using the old one fail)')
    .option('--replace-existing', 'when the user already has two passwords, keep only the current and the new one')
    .option('--timeout <duration>', 'how long each verification waits (default 30m; 2m with --local)')
    .action(lazy(deps, async () => (await import('./rotate-password.js')).run));
}
