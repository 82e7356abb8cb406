// @ts-nocheck
// How a sweep that could not cover everything ends: exit 7 naming the node and command that
// stopped it, after the command printed what it has.
import { IncompleteError } from '../../lib/io/errors.js';
import type { SweepFailure } from '../../lib/redis/sweep.js';

export function incomplete(f: SweepFailure | null | undefined, what: string): IncompleteError {
  const why = f === undefined || f === null ? 'not every slot was covered' : `${f.node}: ${f.command}: ${f.message}`;
  return new IncompleteError(`incomplete: ${what}, not every key (${why})`, {
    hint: 'the node did not come back within --timeout (default 30s); run the command again once the cluster is healthy',
  });
}
