// @ts-nocheck
// What every journaled change (resharding, engine upgrade) does around its own steps: it runs in the
// background, and once it has ended (done, rolled back or given up) the cluster is available again
// and the journal gone; interrupted by a stop of the plane, the journal stays and the next start
// continues it. A failed attempt is followed by a repair and another attempt, then the turn back.
import { abortableSleep } from '../../io/sleep.js';
import type { LocalCluster, LocalJournal } from '../store/state.js';
import { reconcileCluster } from './reconcile.js';
import type { ClusterRuntime } from './runtime.js';

export function runJournal(rt: ClusterRuntime, cluster: LocalCluster, label: string, drive: () => Promise<void>): void {
  rt.run(label, async () => {
    try {
      await drive();
    } finally {
      if (!rt.stopping && rt.store.state.clusters[cluster.name] === cluster) {
        cluster.status = 'available';
        delete cluster.pendingUpdate;
        delete cluster.journal;
        rt.store.save();
      }
    }
  });
}

export interface FailedAttempt {
  /** The step in words, as events name it: "resharding", "engine upgrade". */
  step: string;
  /** The change in words: "Scaling cluster from 2 to 3 shards". */
  change: string;
  maxAttempts: number;
  message: string;
  /** The event when the rollback fails too (it is also the error thrown). */
  stopped: () => Promise<string> | string;
  /** What the change returns to, for the turning-back event. */
  returningTo: string;
}

/**
 * After a failed attempt of a journaled change: the event, a repair from the live nodes, then
 * another attempt (after a pause), or — attempts used up — the turn back to where it started, or,
 * when the way back failed as often, the end (an event and an error).
 */
export async function afterFailedAttempt(rt: ClusterRuntime, cluster: LocalCluster, journal: LocalJournal, o: FailedAttempt): Promise<void> {
  rt.clusterEvent(cluster, `${capitalized(o.step)} step failed (${journal.direction === 'forward' ? 'attempt' : 'rollback attempt'} ${journal.attempts} of ${o.maxAttempts}): ${o.message}`);
  await reconcileCluster(rt, cluster, `a failed ${o.step} step`).catch((repairError: unknown) =>
    rt.clusterEvent(cluster, `Repair after the failed ${o.step} step did not finish: ${(repairError as Error).message}`),
  );
  if (journal.attempts < o.maxAttempts) {
    await abortableSleep(1000 * journal.attempts, rt.signal);
    return;
  }
  if (journal.direction === 'rollback') {
    const stopped = await o.stopped();
    rt.clusterEvent(cluster, stopped);
    throw new Error(stopped);
  }
  journal.direction = 'rollback';
  journal.failure = o.message;
  journal.attempts = 0;
  rt.store.save();
  rt.clusterEvent(cluster, `${o.change} gave up after ${o.maxAttempts} attempts; returning to ${o.returningTo}`);
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
