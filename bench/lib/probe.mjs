// A PING probe for the benches: PING every 10 ms on its own connection to each node (TLS with a
// CA when given), the round trips kept; stop() gives their p50 / p99 / max in ms.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';

/** PING every 10 ms on its own connection; returns stop() → latency percentiles in ms. */
export function pingProbe(port, ca) {
  const socket = ca ? tlsConnect({ host: '127.0.0.1', port, ca }) : connect({ host: '127.0.0.1', port });
  socket.on('error', () => {});
  const samples = [];
  let sentAt;
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('latin1');
    while (buffered.includes('\r\n')) {
      buffered = buffered.slice(buffered.indexOf('\r\n') + 2);
      if (sentAt !== undefined) samples.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
      sentAt = undefined;
    }
  });
  const timer = setInterval(() => {
    if (sentAt !== undefined) return; // previous PING still out: its latency is still growing
    sentAt = process.hrtime.bigint();
    socket.write('PING\r\n');
  }, 10);
  return () => {
    clearInterval(timer);
    socket.destroy();
    return { ...percentiles(samples), raw: samples };
  };
}

export function percentiles(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => Number((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0).toFixed(3));
  return { samples: s.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Number((s[s.length - 1] ?? 0).toFixed(3)) };
}

/** One probe per primary; stop() → percentiles over all of them, and per node when there are several. */
export function pingProbes(ports, ca) {
  const stops = ports.map((p) => [p, pingProbe(p, ca)]);
  return () => {
    const each = stops.map(([port, stop]) => ({ port, ...stop() }));
    const overall = percentiles(each.flatMap((e) => e.raw));
    return { ...overall, ...(each.length > 1 ? { perNode: each.map(({ raw, ...rest }) => rest) } : {}) };
  };
}


/**
 * The same probes in a process of their own, so that the bench's own work (reading a tool's
 * output) does not delay them: stop() resolves to what pingProbes' stop() gives.
 */
export function pingProbesApart(ports, caFile) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', ports.join(','), caFile ?? ''], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const ended = new Promise((resolve) => child.on('close', resolve));
  return async () => {
    child.stdin.end('stop\n');
    await ended;
    return JSON.parse(out);
  };
}

if (process.argv[2] === '--child') {
  const ports = process.argv[3].split(',').map(Number);
  const ca = process.argv[4] ? readFileSync(process.argv[4]) : undefined;
  const stop = pingProbes(ports, ca);
  process.stdin.resume();
  process.stdin.on('end', () => {
    process.stdout.write(JSON.stringify(stop()));
    process.exit(0);
  });
}
