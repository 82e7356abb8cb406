// Small helpers the bench scripts share.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Stops the local control plane of `env`'s state directory and every node it started (a no-op when
 * none runs), also after a failed step; warns when any process from that directory is left.
 */
export function stopLocalPlane(bin, env, log) {
  spawnSync(process.execPath, [bin, 'local', 'down', '-q'], { env, timeout: 120_000 });
  const left = spawnSync('pgrep', ['-f', env.MEMCTL_LOCAL_DIR], { encoding: 'utf8' }).stdout.trim();
  if (left !== '') log(`WARNING: processes still running from ${env.MEMCTL_LOCAL_DIR}: ${left.split('\n').join(' ')}`);
}
