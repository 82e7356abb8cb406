// What every journaled change (resharding, engine upgrade) does around its own steps: it runs in the
// background, and once it has ended (done, rolled back or given up) the cluster is available again
// and the journal gone. Interrupted by a stop of the plane, the journal stays and the next start
// continues it.
import type { LocalCluster } from '../store/state.js';
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
