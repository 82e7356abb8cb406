// @ts-nocheck
// Does a password work? AUTH against every node that should accept it (used by rotations to
// verify each phase on the cluster itself, not just in the API's answer).
import type { Endpoint } from './connect.js';
import { connectStandalone, type NodeTls } from './connect.js';

export type AuthOutcome = 'accepted' | 'refused' | 'unreachable';

export interface NodeAuthResult {
  node: string;
  endpoint: Endpoint;
  outcome: AuthOutcome;
  detail?: string;
}

export interface AuthTarget {
  node: string;
  endpoint: Endpoint;
  tls: NodeTls | null;
}

export async function checkAuth(targets: AuthTarget[], user: string, password: string, timeoutMs = 3000): Promise<NodeAuthResult[]> {
  return Promise.all(
    targets.map(async (t): Promise<NodeAuthResult> => {
      const client = connectStandalone({ host: t.endpoint.address, port: t.endpoint.port, tls: t.tls, connectTimeoutMs: timeoutMs, commandTimeoutMs: timeoutMs });
      try {
        await client.call('AUTH', user, password);
        return { node: t.node, endpoint: t.endpoint, outcome: 'accepted' };
      } catch (err) {
        const message = (err as Error).message;
        // WRONGPASS (bad password or user off) is a refusal; anything else means we could not ask.
        if (/WRONGPASS|invalid username-password|NOPERM/i.test(message)) return { node: t.node, endpoint: t.endpoint, outcome: 'refused' };
        return { node: t.node, endpoint: t.endpoint, outcome: 'unreachable', detail: message.split('\n')[0] };
      } finally {
        client.disconnect();
      }
    }),
  );
}
