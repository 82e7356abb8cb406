// @ts-nocheck
// Declares `memctl local` and its subcommands: arguments, flags and help. The work is in the
// modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';

export function registerLocal(program: Command, deps: ProgramDeps): void {
  const local = program.command('local').description('the local control plane: real redis-server clusters behind the AWS APIs');
  const localOptions = (cmd: Command): Command =>
    cmd.option('--state-dir <dir>', 'state directory (env MEMCTL_LOCAL_DIR, default ~/.memctl/local)');
  const serverOptions = (cmd: Command): Command =>
    localOptions(cmd)
      .option('--port <port>', 'port to listen on (env MEMCTL_LOCAL_PORT, default 4597)')
      .option('--create-delay-ms <ms>', 'least time a new cluster stays "creating"')
      .option('--delete-delay-ms <ms>', 'least time a deleted cluster stays "deleting"')
      .option('--fault-rate <fraction>', 'answer this fraction of API requests with an error (0-1)')
      .option('--fault-kinds <kinds>', 'throttling, server-error, rate-exceeded (comma-separated)');
  serverOptions(local.command('up').description('start the local control plane in the background')).action(
    lazy(deps, async () => (await import('./run.js')).up),
  );
  localOptions(local.command('down').description('stop it and every node (clusters and data are kept)')).action(
    lazy(deps, async () => (await import('./run.js')).down),
  );
  localOptions(local.command('status').description('show whether it runs, its clusters and node processes (exit 3 when stopped)')).action(
    lazy(deps, async () => (await import('./run.js')).status),
  );
  localOptions(local.command('reset').description('delete every local cluster and all local state')).action(
    lazy(deps, async () => (await import('./run.js')).reset),
  );
  localOptions(local.command('faults').description('change fault injection while it runs'))
    .option('--fault-rate <fraction>', 'fraction of API requests answered with an error (0 turns it off)', '0')
    .option('--fault-kinds <kinds>', 'throttling, server-error, rate-exceeded (comma-separated)')
    .action(lazy(deps, async () => (await import('./run.js')).faults));
  serverOptions(local.command('serve').description('run it in the foreground (what `local up` starts)'))
    .option('--max-nodes <n>', 'most redis-server processes for all clusters (env MEMCTL_LOCAL_MAX_NODES, default 64)')
    .action(lazy(deps, async () => (await import('./run.js')).serveForeground));
}
