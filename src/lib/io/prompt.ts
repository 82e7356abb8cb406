// Confirmation for destructive actions: a prompt on a terminal, --yes otherwise.
import { InterruptedError, UsageError } from './errors.js';
import type { IOStreams } from './streams.js';

export interface ConfirmRequest {
  /** The question shown on a terminal, e.g. "Delete cluster demo and all its data?" */
  question: string;
  /** What is refused without a terminal, e.g. "deleting cluster demo". */
  action: string;
  yes: boolean;
}

/**
 * Refuses, before anything else is done (no API call, no connection), an action that will need a
 * confirmation it cannot get: no --yes and no terminal to ask on.
 */
export function requireConfirmable(io: IOStreams, request: Pick<ConfirmRequest, 'action' | 'yes'>): void {
  if (request.yes || io.canPrompt) return;
  throw new UsageError(`refusing ${request.action} without --yes (no terminal to ask on)`, { hint: 're-run with --yes to confirm' });
}

/**
 * Resolves when the action may go ahead. Without --yes and without a terminal it fails with
 * exit 2 before anything is done; a declined prompt says "cancelled" and exits 130.
 */
export async function confirmDestructive(io: IOStreams, request: ConfirmRequest): Promise<void> {
  if (request.yes) return;
  requireConfirmable(io, request);
  const { default: inquirer } = await import('inquirer');
  // The streams go to the prompt module: prompt()'s second argument is answers given in advance.
  const prompt = inquirer.createPromptModule({ input: io.stdin, output: io.stderr });
  let answer: { ok?: boolean };
  try {
    answer = await prompt<{ ok: boolean }>([{ type: 'confirm', name: 'ok', message: request.question, default: false }]);
  } catch (err) {
    if ((err as Error).name === 'ExitPromptError') throw new InterruptedError('cancelled; nothing was changed');
    throw err;
  }
  if (answer.ok !== true) throw new InterruptedError('cancelled; nothing was changed');
}
