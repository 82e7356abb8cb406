// @ts-nocheck
// Flag groups several commands declare the same way (kept apart from the code that reads them, so
// declaring the program for --help loads nothing else).
import type { Command } from 'commander';

/** A repeatable flag's values in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The connection options every data-plane command takes. */
export function targetOptions(cmd: Command): Command {
  return cmd
    .option('--user <name>', 'log in as this user (ACL)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--password-file <file>', 'read the password from a file (or MEMCTL_PASSWORD)')
    .option('--iam', 'log in with IAM auth tokens (needs --user), refreshed before they expire')
    .option('--read-from <role>', 'primary, replica (one per shard; each must have one) or prefer-replica (a replica where there is one): spare the primaries', 'primary')
    .option('--cacert <file>', 'CA certificate to trust for TLS')
    .option('--insecure', 'do not verify the TLS certificate (only when asked)');
}

/** --wait and --timeout of a command whose change the service finishes in the background. */
export function waitOptions(cmd: Command): Command {
  return cmd.option('--wait', 'wait until it is done').option('--timeout <duration>', 'how long --wait waits (default 6h; 2m with --local)');
}

/** --timeout of a sweep (keys scan/delete, analyze): how long it waits out a fault mid-sweep. */
export function sweepOptions(cmd: Command): Command {
  return cmd.option('--timeout <duration>', 'longest wait, after a node is lost or fails over mid-sweep, for every slot to be served again (default 30s)');
}

/** Where a user's password comes from (never argv). */
export function passwordOptions(cmd: Command): Command {
  return cmd
    .option('--password-stdin', 'read the password from standard input')
    .option('--password-file <file>', 'read the password from a file')
    .option('--generate', 'generate a strong password and print it once')
    .option('--second-password-file <file>', 'a second password (users may have two)');
}
