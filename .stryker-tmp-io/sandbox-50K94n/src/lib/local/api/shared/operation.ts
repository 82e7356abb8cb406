// @ts-nocheck
// What an operation of the local control plane is: a function of the request's decoded members and
// context, built over the state and the engine that does the work.
import type { ClusterRuntime } from '../../engine/runtime.js';
import type { StateStore } from '../../store/state.js';
import type { QueryStruct } from './query-input.js';

export interface HandlerContext {
  region: string;
  requestId: string;
}

/** An awsJson operation (MemoryDB): the JSON input in, the output structure out. */
export type Operation = (input: Record<string, unknown>, ctx: HandlerContext) => Promise<unknown>;

/** An awsQuery operation (ElastiCache): answers the `<ActionResult>` content (a plain object; lists via xmlList), or undefined for none. */
export type QueryOperation = (params: QueryStruct, ctx: HandlerContext) => Promise<unknown>;

/** What every service's operations are built over. */
export interface ApiDeps {
  store: StateStore;
  runtime: ClusterRuntime;
  /** Most redis-server processes this machine will run for all clusters together. */
  maxNodes: number;
}
