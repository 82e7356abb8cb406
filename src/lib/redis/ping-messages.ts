// Messages between the latency guard and its ping worker (structured-clone plain data).
import type { WireOptions } from './wire.js';

/** How to reach a node: what Wire.open takes (the password stays in memory, never logged). */
export type PingTarget = Pick<WireOptions, 'address' | 'port' | 'tls' | 'auth' | 'db'>;

export type PingToWorker = { type: 'watch'; label: string; target: PingTarget } | { type: 'stop' };

export type PingFromWorker = { type: 'rtts'; samples: Array<[string, number]> };
