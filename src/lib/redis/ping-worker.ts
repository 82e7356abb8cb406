// The worker-thread entry (dist/ping-worker.js) of the latency guard: the Pinger runs here, in a
// thread whose event loop does nothing else. Timed in the main thread, a round trip would include
// the time the sweep's own work kept that thread busy, and the guard would slow the sweep down for
// its own sake.
import { parentPort } from 'node:worker_threads';
import { Pinger } from './pinger.js';
import type { PingFromWorker, PingToWorker } from './ping-messages.js';

const port = parentPort;
if (port === null) throw new Error('ping-worker must run in a worker thread');
const pinger = new Pinger((samples) => port.postMessage({ type: 'rtts', samples } satisfies PingFromWorker));

port.on('message', (message: PingToWorker) => {
  if (message.type === 'watch') pinger.watch(message.label, message.target);
  else {
    pinger.stop();
    port.close();
  }
});
