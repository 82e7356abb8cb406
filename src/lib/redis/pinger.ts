// PINGs every 10 ms on a connection of its own to each node watched, each round trip timed; a lost
// connection is opened again (every 500 ms while the node is watched). Runs in the ping worker
// (ping-worker.ts), or in the main thread when the worker cannot be started.
import { CommandBatch, Wire } from './wire.js';
import type { PingTarget } from './ping-messages.js';

const INTERVAL_MS = 10;
const RECONNECT_MS = 500;
const PING = new CommandBatch(16).command('PING');

interface Watched {
  target: PingTarget;
  wire?: Wire | undefined;
  opening: boolean;
  inFlight: boolean;
  retryAt: number;
}

export class Pinger {
  private readonly watched = new Map<string, Watched>();
  private samples: Array<[string, number]> = [];
  private readonly timer: NodeJS.Timeout;

  /** `report` gets the round trips (node, ms) measured since the last call, every 10 ms. */
  constructor(private readonly report: (samples: Array<[string, number]>) => void) {
    this.timer = setInterval(() => this.tick(), INTERVAL_MS);
    this.timer.unref();
  }

  watch(label: string, target: PingTarget): void {
    if (!this.watched.has(label)) this.watched.set(label, { target, opening: false, inFlight: false, retryAt: 0 });
  }

  stop(): void {
    clearInterval(this.timer);
    for (const w of this.watched.values()) w.wire?.close();
    this.watched.clear();
  }

  private tick(): void {
    const now = performance.now();
    for (const [label, w] of this.watched) {
      if (w.wire === undefined) {
        if (!w.opening && now >= w.retryAt) this.open(label, w);
        continue;
      }
      if (w.inFlight) continue; // the last PING is still out: its round trip is still growing
      w.inFlight = true;
      const sent = performance.now();
      const wire = w.wire;
      wire.send(PING).then(
        () => {
          w.inFlight = false;
          this.samples.push([label, performance.now() - sent]);
        },
        () => {
          w.inFlight = false;
          wire.close();
          if (w.wire === wire) w.wire = undefined;
          w.retryAt = performance.now() + RECONNECT_MS;
        },
      );
    }
    if (this.samples.length > 0) {
      const samples = this.samples;
      this.samples = [];
      this.report(samples);
    }
  }

  private open(label: string, w: Watched): void {
    w.opening = true;
    Wire.open({ ...w.target, connectTimeoutMs: 2000, commandTimeoutMs: 5000 }).then(
      (wire) => {
        w.opening = false;
        if (this.watched.get(label) === w) w.wire = wire;
        else wire.close();
      },
      () => {
        w.opening = false;
        w.retryAt = performance.now() + RECONNECT_MS;
      },
    );
  }
}
