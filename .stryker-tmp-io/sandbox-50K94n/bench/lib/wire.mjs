// @ts-nocheck
// Latency as the wire sees it: tcpdump captures a benchmark's packets to and from the server on
// the loopback interface, and each request packet is paired with the reply packet that follows it
// on the same connection. That time is the server's (plus the kernel's), taken outside the client,
// so a benchmark's own report can be checked against it: whatever the client adds (time before a
// request reaches the socket, time a reply waits to be read) shows as the difference.
// Only for runs without pipelining, where every connection has one request out at a time.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Why a capture cannot run here, or undefined when it can. */
export function captureUnavailable() {
  if (spawnSync('tcpdump', ['--version'], { encoding: 'utf8' }).status !== 0) return 'tcpdump is not installed (apt-get install tcpdump)';
  const probe = spawnSync('tcpdump', ['-i', 'lo', '-c', '1', '-w', '/dev/null', 'tcp port 1'], { encoding: 'utf8', timeout: 1500 });
  if (/permission|not permitted/i.test(probe.stderr ?? '')) return 'tcpdump may not capture on lo here (needs CAP_NET_RAW)';
  return undefined;
}

/** Starts capturing TCP to and from `port` on lo into `file`; resolves once tcpdump listens. */
export async function startCapture(port, file) {
  // Headers only (the payload length comes from the IP header), nanosecond time stamps, a big buffer.
  const child = spawn('tcpdump', ['-i', 'lo', '-nn', '-s', '96', '-B', '262144', '--time-stamp-precision', 'nano', '-w', file, `tcp port ${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 10_000;
  while (!/listening on/.test(stderr)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      if (child.exitCode === null) child.kill('SIGTERM');
      throw new Error(`tcpdump did not start: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    /** Stops tcpdump by its pid; resolves to the packets it says the kernel dropped. */
    async stop() {
      const exited = new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGINT');
      await exited;
      return { captured: Number(/(\d+) packets captured/.exec(stderr)?.[1] ?? NaN), dropped: Number(/(\d+) packets dropped by kernel/.exec(stderr)?.[1] ?? NaN) };
    },
  };
}

/** Link-layer header length for the pcap link types tcpdump writes on lo. */
function linkHeader(linkType) {
  if (linkType === 1) return 14; // Ethernet
  if (linkType === 113) return 16; // Linux cooked
  if (linkType === 276) return 20; // Linux cooked v2
  if (linkType === 0) return 4; // BSD loopback
  throw new Error(`unsupported pcap link type ${linkType}`);
}

/**
 * Request-to-reply times (µs) from a capture of `serverPort`, in capture order, with the time of
 * each request (ns from the first packet). A packet with payload towards the server is a request;
 * the next packet with payload back on that connection is its reply.
 */
export function wireLatencies(file, serverPort) {
  const buf = readFileSync(file);
  const magic = buf.readUInt32LE(0);
  const little = magic === 0xa1b23c4d || magic === 0xa1b2c3d4;
  const u32 = (off) => (little ? buf.readUInt32LE(off) : buf.readUInt32BE(off));
  const nano = magic === 0xa1b23c4d || buf.readUInt32BE(0) === 0xa1b23c4d;
  const link = linkHeader(u32(20) & 0xffff);
  const pending = new Map(); // client port → time the request went out (ns)
  const samples = [];
  let first;
  let unpaired = 0;
  for (let off = 24; off + 16 <= buf.length; ) {
    const ns = BigInt(u32(off)) * 1_000_000_000n + BigInt(u32(off + 4)) * (nano ? 1n : 1000n);
    const incl = u32(off + 8);
    const p = off + 16 + link;
    off += 16 + incl;
    first ??= ns;
    if ((buf[p] >> 4) !== 4 || buf[p + 9] !== 6) continue; // IPv4 TCP only
    const ipHeader = (buf[p] & 0x0f) * 4;
    const ipLength = buf.readUInt16BE(p + 2);
    const t = p + ipHeader;
    const src = buf.readUInt16BE(t);
    const dst = buf.readUInt16BE(t + 2);
    const payload = ipLength - ipHeader - (buf[t + 12] >> 4) * 4;
    if (payload <= 0) continue;
    if (dst === serverPort) {
      if (pending.has(src)) unpaired++;
      pending.set(src, ns);
    } else if (src === serverPort) {
      const sent = pending.get(dst);
      if (sent === undefined) {
        unpaired++;
        continue;
      }
      pending.delete(dst);
      samples.push({ atNs: Number(sent - first), us: Number(ns - sent) / 1000 });
    }
  }
  return { samples, unpaired };
}

/** p50/p90/p99/p99.9 and mean of µs values, in ms. */
export function wireSummary(values) {
  const s = Float64Array.from(values).sort();
  const at = (q) => Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0)) / 1000;
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  return { samples: s.length, p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), p999Ms: at(0.999), meanMs: Math.round(mean) / 1000 };
}
