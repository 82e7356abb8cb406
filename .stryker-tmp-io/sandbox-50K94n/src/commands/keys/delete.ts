// @ts-nocheck
// memctl keys delete <target> --match P: bulk UNLINK of the keys SCAN finds, on every primary in
// parallel; --key K (repeatable): those keys, each on the primary that owns it. --dry-run only
// counts (per node); otherwise it asks first (--yes without a terminal). UNLINK frees memory in
// the background, so big values do not block the node.
import type { Redis } from 'ioredis';
import type { Context } from '../../context.js';
import { InterruptedError, UsageError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import { startProgress } from '../../lib/io/progress.js';
import { confirmDestructive, requireConfirmable } from '../../lib/io/prompt.js';
import type { TargetFlags } from '../../lib/redis/target.js';
import { jsonText } from '../../lib/redis/display.js';
import { DEFAULT_SCAN_COUNT, keyType, parseKey, positiveInt, recoveryMs } from '../options/keys.js';
import { incomplete } from '../options/sweep.js';
import { resolveTarget } from '../options/target.js';

export interface KeysDeleteFlags extends TargetFlags {
  match?: string;
  key?: string[];
  keyHex?: boolean;
  keyEscaped?: boolean;
  type?: string;
  dryRun?: boolean;
  rate?: string;
  count?: string;
  timeout?: string;
}

export interface DeleteResult {
  matched: number;
  deleted: number;
  dryRun: boolean;
  /** Every matching key was seen (false: a node stayed down; the exit code is 7). */
  complete: boolean;
  perNode: Array<{ node: string; matched: number; deleted: number }>;
}

export async function run(ctx: Context, target: string, flags: KeysDeleteFlags): Promise<void> {
  const named = flags.key ?? [];
  if (named.length > 0) return runNamed(ctx, target, named, flags);
  if (flags.keyHex === true || flags.keyEscaped === true) throw new UsageError('--key-hex and --key-escaped describe keys given with --key');
  if (flags.match === undefined || flags.match === '') {
    throw new UsageError('keys delete needs --match <pattern> or --key <key>', { hint: "use --match '*' to delete every key (it still asks first)" });
  }
  const match = flags.match;
  const type = keyType(flags.type);
  const rate = positiveInt(flags.rate, '--rate');
  const count = positiveInt(flags.count, '--count', DEFAULT_SCAN_COUNT) as number;
  const dryRun = flags.dryRun === true;
  const recovery = recoveryMs(flags.timeout);
  if (!dryRun) requireConfirmable(ctx.io, { action: `deleting keys matching "${match}" on ${target}`, yes: ctx.yes });
  const resolved = await resolveTarget(ctx, target, flags);
  if (!dryRun) {
    const what = `every key matching "${match}"${type === undefined ? '' : ` of type ${type}`} on ${resolved.label}`;
    await confirmDestructive(ctx.io, { question: `Delete ${what}?`, action: `deleting ${what}`, yes: ctx.yes });
  }
  const [{ openNodes }, { sweep, withRetry }, { RateLimiter }, { keySlot }] = await Promise.all([
    import('../../lib/redis/target.js'),
    import('../../lib/redis/sweep.js'),
    import('../../lib/redis/rate.js'),
    import('../../lib/redis/slot.js'),
  ]);
  const opened = await openNodes(resolved);
  const progress = await startProgress(ctx.io, `${dryRun ? 'counting' : 'deleting'} keys matching ${match} on ${resolved.label}`, { quiet: ctx.quiet });
  try {
    const perNode = new Map<string, { node: string; matched: number; deleted: number }>();
    const limiter = new RateLimiter(rate);
    // Rate-limited runs scan in small steps so the pacing is smooth.
    const scanCount = rate === undefined ? count : Math.max(1, Math.min(count, rate));
    let matched = 0;
    let deleted = 0;
    // Deletions go to primaries whatever --read-from says.
    const outcome = await sweep(
      resolved,
      opened,
      { readFrom: 'primary', match, type, count: scanCount, signal: ctx.signal, recoveryMs: recovery, onNotice: (text) => progress.note(text) },
      async ({ keys, node, label }) => {
        let removed = 0;
        if (!dryRun) {
          await limiter.take(keys.length, ctx.signal);
          if (ctx.signal?.aborted === true) throw new InterruptedError();
          removed = await withRetry(label, 'UNLINK', () => unlinkBatch(node.client, keys, opened.cluster ? keySlot : undefined), ctx.signal);
        }
        const stats = perNode.get(label) ?? { node: label, matched: 0, deleted: 0 };
        perNode.set(label, stats);
        stats.matched += keys.length;
        stats.deleted += removed;
        matched += keys.length;
        deleted += removed;
        progress.update(`${dryRun ? 'matched' : 'deleted'} ${dryRun ? matched : deleted} keys`, 'running');
      },
    );
    const complete = outcome.complete;
    if (complete) progress.succeed(dryRun ? `${matched} keys match (dry run: nothing deleted)` : `deleted ${deleted} keys`);
    else progress.stop();
    await writeResult(ctx, { matched, deleted, dryRun, complete, perNode: [...perNode.values()] });
    if (outcome.interrupted) throw new InterruptedError(`interrupted after deleting ${deleted} keys`);
    if (!complete) throw incomplete(outcome.failure, dryRun ? `counted ${matched} matching keys` : `deleted ${deleted} keys`);
  } finally {
    progress.stop();
    opened.close();
  }
}

/** --key: the named keys, each UNLINKed (or, dry run, counted with EXISTS) on its owner. */
async function runNamed(ctx: Context, target: string, given: string[], flags: KeysDeleteFlags): Promise<void> {
  if (flags.match !== undefined || flags.type !== undefined || flags.rate !== undefined || flags.count !== undefined) {
    throw new UsageError('--key names the keys to delete: it takes no --match, --type, --rate or --count');
  }
  const keys = given.map((k) => parseKey(k, { hex: flags.keyHex, escaped: flags.keyEscaped }));
  const dryRun = flags.dryRun === true;
  const shown = keys.length === 1 ? `key "${jsonText(keys[0] as Buffer)}"` : `${keys.length} named keys`;
  if (!dryRun) requireConfirmable(ctx.io, { action: `deleting ${shown} on ${target}`, yes: ctx.yes });
  const resolved = await resolveTarget(ctx, target, flags);
  if (!dryRun) await confirmDestructive(ctx.io, { question: `Delete ${shown} on ${resolved.label}?`, action: `deleting ${shown} on ${resolved.label}`, yes: ctx.yes });
  const [{ openNodes }, { onKeyOwner }] = await Promise.all([import('../../lib/redis/target.js'), import('../../lib/redis/route.js')]);
  const opened = await openNodes(resolved);
  try {
    const perNode = new Map<string, { node: string; matched: number; deleted: number }>();
    let matched = 0;
    let deleted = 0;
    // Each key is decided alone: EXISTS then UNLINK on the node that owns it at that moment.
    for (const key of keys) {
      const { node, result } = await onKeyOwner(resolved, opened, key, dryRun ? 'EXISTS' : 'EXISTS/UNLINK', async (n) => {
        const exists = Number(await n.client.exists(key));
        return { exists, removed: dryRun || exists === 0 ? 0 : Number(await n.client.unlink(key)) };
      });
      const label = `${node.address}:${node.port}`;
      const stats = perNode.get(label) ?? { node: label, matched: 0, deleted: 0 };
      perNode.set(label, stats);
      stats.matched += result.exists;
      stats.deleted += result.removed;
      matched += result.exists;
      deleted += result.removed;
    }
    await writeResult(ctx, { matched, deleted, dryRun, complete: true, perNode: [...perNode.values()] });
  } finally {
    opened.close();
  }
}

async function writeResult(ctx: Context, result: DeleteResult): Promise<void> {
  await writeOutput(
    ctx.io,
    {
      data: result,
      blocks: [
        { kind: 'fields', fields: [['matched', result.matched], ['deleted', result.deleted], ['dry run', result.dryRun ? 'yes' : 'no'], ['complete', result.complete ? 'yes' : 'no']] },
        { kind: 'table', headers: ['node', 'matched', 'deleted'], rows: result.perNode.map((p) => [p.node, p.matched, p.deleted]) },
      ],
    },
    ctx.output,
  );
}

/**
 * UNLINKs a batch on the node it came from. In cluster mode one UNLINK may only name keys of one
 * slot (CROSSSLOT otherwise), so keys are grouped by slot and the UNLINKs pipelined.
 */
async function unlinkBatch(client: Redis, keys: Buffer[], slotOf: ((key: Uint8Array) => number) | undefined): Promise<number> {
  if (keys.length === 0) return 0;
  if (slotOf === undefined) return Number(await client.unlink(...keys));
  const bySlot = new Map<number, Buffer[]>();
  for (const key of keys) {
    const slot = slotOf(key);
    const group = bySlot.get(slot);
    if (group === undefined) bySlot.set(slot, [key]);
    else group.push(key);
  }
  const pipeline = client.pipeline();
  for (const group of bySlot.values()) pipeline.unlink(...group);
  const replies = (await pipeline.exec()) ?? [];
  let removed = 0;
  for (const [err, value] of replies) {
    if (err !== null) throw err;
    removed += Number(value);
  }
  return removed;
}
