#!/usr/bin/env node
// @ts-nocheck
// Restore keeps the node type (issue 18): for every node type memctl knows, on each service, create
// a 1-shard cluster of that type on the local control plane, snapshot it, restore the snapshot
// with no --node-type, and compare the restored cluster's node type with the source's.
// The node types are read from src/lib/control/node-types.ts (the table memctl checks against).
// Usage: npm run build && node bench/restore-types.mjs [--service memorydb|elasticache|both] [--json]
// Results: bench/results/restore-types.json (and on stdout with --json).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argValue } from './lib/service.mjs';
import { freePort, memctlSync, stampedLog as log, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const which = argValue('--service', 'both');
const services = which === 'both' ? ['memorydb', 'elasticache'] : [which];
const work = mkdtempSync(join(tmpdir(), 'memctl-restore-types-'));
// Node memory scaled down: a laptop runs db.r7g.16xlarge's maxmemory as a few MB.
const env = { PATH: process.env.PATH, HOME: work, MEMCTL_LOCAL_DIR: join(work, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), AWS_EC2_METADATA_DISABLED: 'true', MEMCTL_LOCAL_MEMORY_SCALE: '0.001' };

/** Every node type of the table: its explicit entries and its family(prefix, SIZES|TIERED) rows. */
function nodeTypes(service) {
  const text = readFileSync(join(root, 'src', 'lib', 'control', 'node-types.ts'), 'utf8');
  const sizes = (name) => [...(new RegExp(`const ${name}[^=]*=\\s*\\{([^}]*)\\}`).exec(text)?.[1] ?? '').matchAll(/'?([\w]+)'?\s*:/g)].map((m) => m[1]);
  const block = new RegExp(`const ${service === 'memorydb' ? 'MEMORYDB' : 'ELASTICACHE'}[^\\[]*\\[([\\s\\S]*?)\\]\\);`).exec(text)?.[1] ?? '';
  const out = [...block.matchAll(/\['([a-z0-9.]+)',/g)].map((m) => m[1]);
  for (const m of block.matchAll(/family\('([a-z0-9.]+)', (\w+)\)/g)) out.push(...sizes(m[2]).map((s) => `${m[1]}.${s}`));
  return out;
}

const memctl = (service, args, timeoutMs = 120_000) => memctlSync(bin, env, ['--service', service, ...args], timeoutMs);
const results = { services: {}, total: 0, kept: 0, failed: [] };
try {
  for (const service of services) {
    const types = nodeTypes(service);
    const rows = [];
    for (const [i, type] of types.entries()) {
      const src = `src${i}`;
      const snap = `snap-${service.slice(0, 2)}-${i}`;
      const dst = `dst${i}`;
      const step = (what, r) => {
        if (r.code !== 0) throw new Error(`${what}: exit ${r.code}: ${r.stderr.trim().split('\n')[0]}`);
        return JSON.parse(r.stdout);
      };
      let row;
      try {
        // Data-tiering node types (r6gd) exist only with data tiering on.
        const tiering = /\.r6gd\./.test(type) ? ['--data-tiering'] : [];
        step('create', memctl(service, ['-q', 'create', src, '--node-type', type, ...tiering, '--shards', '1', '--replicas', '0', '--wait', '-o', 'json']));
        step('snapshot', memctl(service, ['-q', 'snapshot', 'create', src, snap, '--wait', '-o', 'json']));
        const restored = step('restore', memctl(service, ['-q', 'snapshot', 'restore', snap, dst, '--wait', '-o', 'json']));
        row = { nodeType: type, restoredAs: restored.nodeType, kept: restored.nodeType === type };
      } catch (err) {
        row = { nodeType: type, error: err.message, kept: false };
      }
      for (const name of [src, dst]) memctl(service, ['-q', '--yes', 'delete', name, '--wait']);
      memctl(service, ['-q', '--yes', 'snapshot', 'delete', snap, '--wait']);
      rows.push(row);
      results.total++;
      if (row.kept) results.kept++;
      else results.failed.push({ service, ...row });
      log(`${service} ${type}: ${row.kept ? 'kept' : `NOT kept (${row.error ?? `restored as ${row.restoredAs}`})`}`);
    }
    results.services[service] = { types: rows.length, kept: rows.filter((r) => r.kept).length, rows };
  }
  log(`restores that kept the node type: ${results.kept} of ${results.total}`);
} finally {
  stopLocalPlane(bin, env, log);
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'restore-types.json'), `${JSON.stringify(results, null, 2)}\n`);
if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.exitCode = results.kept === results.total && results.total > 0 ? 0 : 1;
