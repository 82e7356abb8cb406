// @ts-nocheck
// Snapshots as RDB files: a BGSAVE of one primary, copied out of its data dir once it has finished.

import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { infoField } from '../nodes/topology.js';
import { NODE_HOST } from '../nodes/node-client.js';
import type { TlsFiles } from '../nodes/tls.js';
import { clientFor, closeClients, errorText, openClients, pollUntil, sleep } from './nodes.js';

const DEFAULT_TIMEOUT_MS = 120_000;
const RETRY_MS = 50;
/** A node that stops answering this long during a save has lost it (its process died). */
const UNREACHABLE_MS = 5_000;
/** BGSAVE refusals that go away by themselves: another save or an AOF rewrite is running. */
const BUSY = /already in progress|rewriting in progress|can't BGSAVE right now/i;

/**
 * BGSAVE on the node at `port`, waits until that save (not an earlier one) has finished, then copies
 * the node's RDB file out of `dir` to `targetFile`. `keys` is DBSIZE at the moment of the fork.
 */
export async function saveRdb(port: number, options: { tls: TlsFiles | null; dir: string; targetFile: string; timeoutMs?: number }): Promise<{ bytes: number; keys: number }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const operation = `saving an RDB snapshot of ${NODE_HOST}:${port}`;
  const clients = openClients([port], options.tls, 10_000);
  const client = clientFor(clients, port);
  try {
    const persistence = async (): Promise<string> => String(await client.call('INFO', 'persistence'));
    const processId = async (): Promise<string | undefined> => infoField(String(await client.call('INFO', 'server')), 'process_id');
    const pid = await processId();
    let keys: number | undefined;
    let savesBefore = 0;
    // Bounded by the deadline: each refusal waits RETRY_MS for the running save or rewrite.
    while (keys === undefined) {
      savesBefore = Number(infoField(await persistence(), 'rdb_saves') ?? 0);
      // One transaction, so DBSIZE counts exactly what the forked child writes. A node over its
      // maxmemory refuses every command queued in MULTI (EXECABORT): then DBSIZE and BGSAVE go one
      // after the other (a full node refuses writes, so only a delete could fall in between).
      let replies = await client
        .multi()
        .dbsize()
        .bgsave()
        .exec()
        .catch((err: unknown) => (/EXECABORT/.test(errorText(err)) ? null : Promise.reject(err)));
      if (replies === null || replies.some(([err]) => err !== null && /EXECABORT/.test(errorText(err)))) replies = await client.pipeline().dbsize().bgsave().exec();
      const [sizeReply, saveReply] = replies ?? [];
      const saveError = saveReply?.[0];
      if (!saveError && sizeReply && !sizeReply[0]) {
        keys = Number(sizeReply[1]);
        break;
      }
      const reason = errorText(saveError ?? sizeReply?.[0] ?? 'no reply to MULTI/EXEC');
      if (!BUSY.test(reason)) throw new Error(`${operation} failed: BGSAVE: ${reason}`);
      if (Date.now() + RETRY_MS > deadline) throw new Error(`${operation} timed out after ${timeoutMs} ms: the node stayed busy (${reason})`);
      await sleep(RETRY_MS);
    }

    // Started while no other save ran, so once none runs any more, ours has ended and the status is ours (or later).
    // A node that dies takes its save with it: a new process, or no answer for a while, ends the wait.
    let failedStatus: string | undefined;
    let lost: string | undefined;
    let silentSince: number | undefined;
    await pollUntil(operation, 'waiting for BGSAVE to finish', deadline, async () => {
      let info: string;
      try {
        info = await persistence();
        silentSince = undefined;
        if ((await processId()) !== pid) {
          lost = 'the node restarted during the save';
          return [];
        }
      } catch (error) {
        silentSince ??= Date.now();
        if (Date.now() - silentSince > UNREACHABLE_MS) {
          lost = `the node stopped answering during the save (${errorText(error)})`;
          return [];
        }
        throw error;
      }
      if (infoField(info, 'rdb_bgsave_in_progress') !== '0') return ['a background save is in progress'];
      const status = infoField(info, 'rdb_last_bgsave_status') ?? '?';
      if (status !== 'ok') failedStatus = status;
      else if (Number(infoField(info, 'rdb_saves') ?? 0) <= savesBefore) return ['the save has not been counted yet'];
      return [];
    });
    if (lost !== undefined) throw new Error(`${operation} failed: ${lost}`);
    if (failedStatus !== undefined) throw new Error(`${operation} failed: rdb_last_bgsave_status:${failedStatus} (see the node's log)`);

    const [, dbfilename = 'dump.rdb'] = (await client.call('CONFIG', 'GET', 'dbfilename')) as string[];
    const source = join(resolvePath(options.dir), dbfilename);
    const target = resolvePath(options.targetFile);
    await mkdir(dirname(target), { recursive: true });
    // Copy then rename, so a reader never sees a half-written snapshot file.
    const partial = `${target}.partial-${process.pid}`;
    try {
      await copyFile(source, partial);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw new Error(`${operation}: copying ${source} to ${target} failed: ${errorText(error)}`);
    }
    return { bytes: (await stat(target)).size, keys };
  } finally {
    closeClients(clients);
  }
}
