// Which signal stopped memctl. main.ts aborts the command's AbortSignal with a StopRequest as its
// reason, so a command that ends differently on Ctrl-C and on SIGTERM (memctl top: Ctrl-C is how a
// person leaves it, exit 0; SIGTERM exits 143 as everywhere else) can tell them apart.

export type StopSignalName = 'SIGINT' | 'SIGTERM';

export class StopRequest extends Error {
  constructor(readonly signalName: StopSignalName) {
    super(`stopped by ${signalName}`);
    // What aborted work usually throws, for anything that rethrows the reason.
    this.name = 'AbortError';
  }
}

/** The signal behind an aborted AbortSignal; undefined when it is not aborted or was aborted otherwise (a reader that went away). */
export function stoppedBy(signal: AbortSignal | undefined): StopSignalName | undefined {
  const reason: unknown = signal?.aborted === true ? signal.reason : undefined;
  return reason instanceof StopRequest ? reason.signalName : undefined;
}
