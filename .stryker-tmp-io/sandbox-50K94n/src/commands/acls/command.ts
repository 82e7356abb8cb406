// @ts-nocheck
// Declares `memctl acls` and its subcommands: arguments, flags and help. The work is in the modules
// its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { collect, waitOptions } from '../options/flags.js';

export function registerAcls(program: Command, deps: ProgramDeps): void {
  const acls = program.command('acls').description('ACLs (ElastiCache: user groups): which users may log in to which clusters');
  acls.command('list').description('list ACLs with their users and clusters').action(lazy(deps, async () => (await import('./run.js')).list));
  acls
    .command('describe')
    .description('one ACL')
    .argument('<acl>', 'ACL name')
    .action(lazy(deps, async () => (await import('./run.js')).describe));
  waitOptions(acls.command('create').description('create an ACL').argument('<acl>', 'ACL name'))
    .option('--user <name>', 'user to include (repeatable or comma-separated; ElastiCache adds default when no user is named so)', collect)
    .option('--engine <engine>', 'ElastiCache: redis (default) or valkey')
    .option('--tag <key=value>', 'tag (repeatable)', collect)
    .action(lazy(deps, async () => (await import('./run.js')).create));
  waitOptions(acls.command('update').description('add or remove users').argument('<acl>', 'ACL name'))
    .option('--add <user>', 'user to add (repeatable or comma-separated)', collect)
    .option('--remove <user>', 'user to remove (repeatable or comma-separated; asks first)', collect)
    .action(lazy(deps, async () => (await import('./run.js')).update));
  acls
    .command('delete')
    .description('delete an ACL that no cluster uses (asks first)')
    .argument('<acl>', 'ACL name')
    .action(lazy(deps, async () => (await import('./run.js')).remove));
  waitOptions(acls.command('attach').description('attach an ACL to a cluster (asks first)').argument('<acl>', 'ACL name').argument('<cluster>', 'cluster name')).action(
    lazy(deps, async () => (await import('./run.js')).attach),
  );
}
