// @ts-nocheck
// The plane's own small API under /_memctl/ (memctl local status, faults and down use it): health
// with every cluster's node processes, changing fault injection, and a shutdown request.
import type { AdminHandler } from '../http/server.js';
import type { FaultConfig, FaultInjector } from '../http/faults.js';

export interface AdminTarget {
  readonly faults: FaultInjector;
  health(): Record<string, unknown>;
}

export function adminApi(plane: AdminTarget, requestShutdown: () => void): AdminHandler {
  return (method, url, body) => {
    if (method === 'GET' && url === '/_memctl/health') return { status: 200, body: plane.health() };
    if (method === 'POST' && url === '/_memctl/faults') {
      try {
        const config = JSON.parse(body) as FaultConfig;
        plane.faults.set({ rate: Number(config.rate), kinds: config.kinds ?? ['throttling'] });
        return { status: 200, body: plane.faults.current };
      } catch (err) {
        return { status: 400, body: { message: (err as Error).message } };
      }
    }
    if (method === 'POST' && url === '/_memctl/shutdown') {
      // Answered first: the shutdown itself closes this connection.
      setImmediate(requestShutdown);
      return { status: 202, body: { stopping: true } };
    }
    return { status: 404, body: { message: `no admin route ${method} ${url}` } };
  };
}
