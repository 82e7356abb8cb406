// @ts-nocheck
// Declares `memctl completion bash|zsh|fish`: a completion script for the shell, made from the
// program's own commands and flags (so it never falls behind them).
import type { Command } from 'commander';
import { UsageError } from '../../lib/io/errors.js';
import type { ProgramDeps } from '../options/action.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export function registerCompletion(program: Command, deps: ProgramDeps): void {
  program
    .command('completion')
    .description('print a shell completion script: bash, zsh or fish')
    .argument('<shell>', SHELLS.join(', '))
    .action(async (shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`invalid shell "${shell}": expected ${SHELLS.join(', ')}`);
      const { completionScript, commandTree } = await import('./script.js');
      deps.io.stdout.write(completionScript(shell as (typeof SHELLS)[number], commandTree(program)));
    });
}
