// The connection flags of every data-plane command (kept apart so the program's definition,
// loaded for --help, pulls in nothing else).
import type { Command } from 'commander';

/** The connection options every data-plane command takes. */
export function targetOptions(cmd: Command): Command {
  return cmd
    .option('--user <name>', 'log in as this user (ACL)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--password-file <file>', 'read the password from a file (or MEMCTL_PASSWORD)')
    .option('--iam', 'log in with IAM auth tokens (needs --user), refreshed before they expire')
    .option('--read-from <role>', 'primary or replica (spare the primaries)', 'primary')
    .option('--cacert <file>', 'CA certificate to trust for TLS')
    .option('--insecure', 'do not verify the TLS certificate (only when asked)');
}
