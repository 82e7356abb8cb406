// @ts-nocheck
// ElastiCache's DescribeEvents: only ElastiCache's events (MemoryDB's live in the same list),
// newest first, at most 14 days back; an hour by default.
import { qInt, qStr, xmlList, type QueryStruct } from '../shared/query-input.js';
import type { LocalEventSource } from '../../store/state.js';
import { invalidParameterValue } from './common.js';
import { markerPage } from './groups.js';
import type { ApiDeps, QueryOperation } from '../shared/operation.js';
import { eventShape } from './shapes.js';

const SOURCE_TYPES = ['cache-cluster', 'cache-parameter-group', 'cache-security-group', 'cache-subnet-group', 'replication-group', 'serverless-cache', 'serverless-cache-snapshot', 'user', 'user-group'];
const MAX_LOOKBACK_MINUTES = 14 * 24 * 60;

function time(params: QueryStruct, key: string): number | undefined {
  const value = qStr(params, key);
  if (value === undefined) return undefined;
  // ISO 8601 on the wire; some clients send epoch seconds.
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(ms)) throw invalidParameterValue(`${key} must be a timestamp, got ${value}`);
  return ms;
}

export function eventOperations(deps: ApiDeps): Record<string, QueryOperation> {
  const state = deps.store.state;
  return {
    async DescribeEvents(params) {
      const sourceId = qStr(params, 'SourceIdentifier');
      const sourceType = qStr(params, 'SourceType');
      if (sourceType !== undefined && !SOURCE_TYPES.includes(sourceType)) throw invalidParameterValue(`SourceType must be one of ${SOURCE_TYPES.join(', ')}`);
      const duration = qInt(params, 'Duration');
      if (duration !== undefined && (duration < 0 || duration > MAX_LOOKBACK_MINUTES)) throw invalidParameterValue(`Duration must be between 0 and ${MAX_LOOKBACK_MINUTES} minutes`);
      const now = Date.now();
      const start = time(params, 'StartTime');
      const end = time(params, 'EndTime') ?? now;
      if (start !== undefined && start > end) throw invalidParameterValue('StartTime must be before EndTime');
      const from = start ?? end - (duration ?? 60) * 60_000;
      if (now - from > MAX_LOOKBACK_MINUTES * 60_000 + 60_000) throw invalidParameterValue('Events can be read for the last 14 days only');
      // Newest first; the key keeps Marker paging in that order.
      const matches = state.events
        .map((e, i) => ({ e, key: `${String(9e15 - e.date).padStart(16, '0')}.${String(1e9 - i).padStart(10, '0')}` }))
        .filter(
          ({ e }) =>
            e.service === 'elasticache' &&
            e.date >= from &&
            e.date <= end &&
            (sourceId === undefined || e.sourceName === sourceId) &&
            (sourceType === undefined || e.sourceType === (sourceType as LocalEventSource)),
        )
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      const page = markerPage(matches, (m) => m.key, qInt(params, 'MaxRecords'), qStr(params, 'Marker'));
      return { Marker: page.marker, Events: xmlList('Event', page.items.map((m) => eventShape(m.e))) };
    },
  };
}
