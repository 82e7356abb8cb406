// @ts-nocheck
// The worker-thread entry (dist/bench-worker.js): runs one Engine with the part of the benchmark
// the main thread hands it, and reports every second. Free of ioredis and the AWS SDK on purpose:
// the hot path is raw RESP over sockets.
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, type EngineConfig } from './engine.js';
import type { ToMain, ToWorker } from './messages.js';

const port = parentPort;
if (port === null) throw new Error('bench-worker must run in a worker thread');
const engine = new Engine(workerData as EngineConfig);
const post = (message: ToMain): void => port.postMessage(message);
engine.onTick = (tick) => post({ type: 'tick', tick });

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      void engine.run(message.at).then((summary) => {
        post({ type: 'done', summary });
        port.close();
      });
      break;
    case 'stop':
      engine.stop();
      break;
    case 'password':
      engine.setPassword(message.value);
      break;
  }
});

engine.connect().then(
  () => post({ type: 'ready' }),
  (err: Error) => {
    engine.close();
    post({ type: 'failed', message: err.message });
    port.close();
  },
);
