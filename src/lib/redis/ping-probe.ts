// The latency guard's PINGs, timed where the sweep's work cannot delay them: in a worker thread
// (dist/ping-worker.js) when the program was built with one, else in this thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Pinger } from './pinger.js';
import type { PingFromWorker, PingTarget, PingToWorker } from './ping-messages.js';

export interface PingProbe {
  /** Starts PINGing the node (once per label); its round trips go to `onRtt`. */
  watch(label: string, target: PingTarget, onRtt: (ms: number) => void): void;
  stop(): void;
  /** Where the PINGs are timed, for tests and --debug. */
  readonly where: 'worker' | 'main thread';
}

/** A file built next to the program (dist/<name>.js), wherever the calling chunk was loaded from. */
export function builtFile(name: string): string | undefined {
  return [`./${name}.js`, `../${name}.js`, `../../../dist/${name}.js`].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p));
}

export function startPingProbe(options: { inThread?: boolean } = {}): PingProbe {
  const listeners = new Map<string, (ms: number) => void>();
  const deliver = (samples: Array<[string, number]>): void => {
    for (const [label, ms] of samples) listeners.get(label)?.(ms);
  };
  const file = options.inThread === true ? undefined : builtFile('ping-worker');
  if (file !== undefined) {
    const worker = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
    worker.unref();
    worker.on('message', (message: PingFromWorker) => deliver(message.samples));
    // A worker that fails leaves the guard without samples: it then holds nothing back.
    worker.on('error', () => undefined);
    const post = (message: PingToWorker): void => worker.postMessage(message);
    return {
      where: 'worker',
      watch: (label, target, onRtt) => {
        listeners.set(label, onRtt);
        post({ type: 'watch', label, target });
      },
      stop: () => {
        post({ type: 'stop' });
        listeners.clear();
      },
    };
  }
  const pinger = new Pinger(deliver);
  return {
    where: 'main thread',
    watch: (label, target, onRtt) => {
      listeners.set(label, onRtt);
      pinger.watch(label, target);
    },
    stop: () => {
      pinger.stop();
      listeners.clear();
    },
  };
}
