// @ts-nocheck
// memctl events [--cluster C] [--since 2h] [--type cluster|node|user|acl]: what happened, newest last.
import type { Context } from '../../context.js';
import { UsageError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import { EVENT_TYPES, type EventType } from '../../lib/control/model.js';
import { parsePositiveDuration, validateName } from '../../lib/control/validate.js';
import { clusterNoun } from '../options/service.js';

const MAX_LOOKBACK_MS = 14 * 86_400_000;

export interface EventsFlags {
  cluster?: string;
  since?: string;
  type?: string;
}

export async function run(ctx: Context, flags: EventsFlags): Promise<void> {
  const sourceName = flags.cluster === undefined ? undefined : validateName(clusterNoun(ctx.service), flags.cluster);
  if (flags.type !== undefined && !(EVENT_TYPES as readonly string[]).includes(flags.type)) {
    throw new UsageError(`invalid --type "${flags.type}": expected one of ${EVENT_TYPES.join(', ')}`);
  }
  const lookback = parsePositiveDuration('--since', flags.since ?? '1h');
  if (lookback > MAX_LOOKBACK_MS) throw new UsageError(`--since ${flags.since ?? ''} reaches back more than 14 days, the most the service keeps`);
  if (lookback <= 0) throw new UsageError('--since must be longer than 0');
  const plane = await ctx.controlPlane();
  // Events of a cluster's nodes carry the node's name (cluster-0001-001; an ElastiCache group with
  // cluster mode disabled names them group-001): match those too.
  const all = await plane.listEvents({ sourceType: flags.type as EventType | undefined, since: new Date(Date.now() - lookback) });
  const nodeOf = sourceName === undefined ? undefined : new RegExp(`^${sourceName}-(\\d{4}-)?\\d{3}$`);
  const events = sourceName === undefined ? all : all.filter((e) => e.sourceName === sourceName || nodeOf?.test(e.sourceName) === true);
  await writeOutput(
    ctx.io,
    { data: events, blocks: [{ kind: 'table', headers: ['date', 'type', 'source', 'message'], rows: events.map((e) => [e.date, e.sourceType, e.sourceName, e.message]) }] },
    ctx.output,
  );
}
