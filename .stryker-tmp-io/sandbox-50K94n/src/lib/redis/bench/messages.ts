// @ts-nocheck
// Messages between the main thread and benchmark workers (structured-clone plain data).
import type { EngineSummary, EngineTick } from './engine.js';

export type ToWorker = { type: 'start'; at: number } | { type: 'stop' } | { type: 'password'; value: string };

export type ToMain = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'tick'; tick: EngineTick } | { type: 'done'; summary: EngineSummary };
