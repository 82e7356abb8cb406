#!/usr/bin/env node
// @ts-nocheck
// Figures for the foundation: start-up time against `node -e 0`, and local control plane
// create / list / delete times.
// Usage: npm run build && node bench/foundation.mjs [--runs N] [--service memorydb|elasticache]
// With --service elasticache every memctl command carries `--service elasticache` (create makes a
// cluster-mode-enabled replication group of 3 node groups); start-up is also timed the way a shell
// with `export MEMCTL_SERVICE=elasticache` runs it (`memctl --version` with the variable set).
// Prints a table to stderr and JSON to stdout (also written to bench/results/foundation-<service>.json).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argValue, serviceFromArgs, writeResults } from './lib/service.mjs';
import { freePort, median, stopLocalPlane } from './lib/util.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'memctl');
const RUNS = Number(argValue('--runs', '21'));
const service = serviceFromArgs();
const svc = service.flags;

const stateDir = mkdtempSync(join(tmpdir(), 'memctl-bench-'));
const env = {
  PATH: process.env.PATH,
  HOME: stateDir,
  MEMCTL_LOCAL_DIR: join(stateDir, 'local'),
  MEMCTL_LOCAL_PORT: String(await freePort()),
  AWS_EC2_METADATA_DISABLED: 'true',
};

function timed(command, args, extraEnv = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const round = (x) => Math.round(x * 10) / 10;

// Start-up: interleave the commands so machine noise hits them alike. For ElastiCache also the
// same commands with the service picked by MEMCTL_SERVICE instead of the flag.
const serviceEnv = { MEMCTL_SERVICE: service.name };
const samples = { node: [], version: [], help: [], versionEnv: [], helpEnv: [] };
for (let i = 0; i < RUNS; i++) {
  samples.node.push(timed(process.execPath, ['-e', '0']).ms);
  samples.version.push(timed(process.execPath, [bin, ...svc, '--version']).ms);
  samples.help.push(timed(process.execPath, [bin, ...svc, '--help']).ms);
  if (service.elasticache) {
    samples.versionEnv.push(timed(process.execPath, [bin, '--version'], serviceEnv).ms);
    samples.helpEnv.push(timed(process.execPath, [bin, '--help'], serviceEnv).ms);
  }
}
const nodeMs = median(samples.node);
const versionMs = median(samples.version);
const helpMs = median(samples.help);
const versionEnvMs = service.elasticache ? median(samples.versionEnv) : undefined;
const helpEnvMs = service.elasticache ? median(samples.helpEnv) : undefined;

// Local control plane: cold start (the first --local command starts it), then create/list/delete rounds.
const memctl = (...args) => timed(process.execPath, [bin, ...svc, ...args]);
let cold;
const rounds = [];
try {
  cold = memctl('--local', '-q', 'list', '-o', 'json');
  for (let i = 0; i < 3; i++) {
    const create = memctl('--local', '-q', 'create', 'demo', '--shards', '3', '--replicas', '1', '--wait', '-o', 'json');
    const status = JSON.parse(create.stdout).status;
    if (status !== 'available') throw new Error(`create ended with status ${status}`);
    const lists = [];
    for (let j = 0; j < 11; j++) lists.push(memctl('--local', 'list', '-o', 'json').ms);
    const del = memctl('--local', '-q', 'delete', 'demo', '--yes', '--wait', '-o', 'json');
    rounds.push({ createMs: create.ms, listMs: median(lists), deleteMs: del.ms });
  }
} finally {
  // Stops the plane and every node it started, also when a step failed.
  stopLocalPlane(bin, env, (m) => process.stderr.write(`${m}\n`));
  rmSync(stateDir, { recursive: true, force: true });
}

const createMs = median(rounds.map((r) => r.createMs));
const deleteMs = median(rounds.map((r) => r.deleteMs));
const listMs = median(rounds.map((r) => r.listMs));
const results = {
  when: new Date().toISOString(),
  service: service.name,
  node: process.version,
  runs: RUNS,
  startup: {
    commands: { version: ['memctl', ...svc, '--version'].join(' '), help: ['memctl', ...svc, '--help'].join(' ') },
    nodeEmptyMs: round(nodeMs),
    versionMs: round(versionMs),
    helpMs: round(helpMs),
    versionRatio: Number((versionMs / nodeMs).toFixed(2)),
    helpRatio: Number((helpMs / nodeMs).toFixed(2)),
    ...(service.elasticache
      ? {
          withMemctlServiceEnv: {
            commands: `MEMCTL_SERVICE=${service.name} memctl --version / --help`,
            versionMs: round(versionEnvMs),
            helpMs: round(helpEnvMs),
            versionRatio: Number((versionEnvMs / nodeMs).toFixed(2)),
            helpRatio: Number((helpEnvMs / nodeMs).toFixed(2)),
          },
        }
      : {}),
    target: 'version and help median <= 1.5x node -e 0',
  },
  local: {
    coldStartListMs: round(cold.ms),
    rounds: rounds.map((r) => ({ createMs: round(r.createMs), listMs: round(r.listMs), deleteMs: round(r.deleteMs) })),
    createMedianMs: round(createMs),
    deleteMedianMs: round(deleteMs),
    listMedianMs: round(listMs),
    listToVersionRatio: Number((listMs / versionMs).toFixed(2)),
    listToPlainVersionRatio: service.elasticache ? Number((listMs / versionEnvMs).toFixed(2)) : undefined,
    targets: 'create 3x1 --wait <= 5000 ms; delete --wait <= 3000 ms; list -o json <= 2x --version',
  },
};

const pass = (ok) => (ok ? 'ok' : 'MISSED');
const flag = svc.length > 0 ? `${svc.join(' ')} ` : '';
const lines = [
  `service              ${service.name}`,
  `node -e 0            ${nodeMs.toFixed(1)} ms (median of ${RUNS})`,
  `memctl ${flag}--version     ${versionMs.toFixed(1)} ms  ${results.startup.versionRatio}x  ${pass(versionMs <= 1.5 * nodeMs)}`,
  `memctl ${flag}--help        ${helpMs.toFixed(1)} ms  ${results.startup.helpRatio}x  ${pass(helpMs <= 1.5 * nodeMs)}`,
  ...(service.elasticache
    ? [
        `MEMCTL_SERVICE=${service.name} memctl --version  ${versionEnvMs.toFixed(1)} ms  ${results.startup.withMemctlServiceEnv.versionRatio}x  ${pass(versionEnvMs <= 1.5 * nodeMs)}`,
        `MEMCTL_SERVICE=${service.name} memctl --help     ${helpEnvMs.toFixed(1)} ms  ${results.startup.withMemctlServiceEnv.helpRatio}x  ${pass(helpEnvMs <= 1.5 * nodeMs)}`,
      ]
    : []),
  `--local list (cold)  ${cold.ms.toFixed(0)} ms (starts the local control plane)`,
  `create 3x1 --wait    ${rounds.map((r) => r.createMs.toFixed(0)).join(' / ')} ms  ${pass(createMs <= 5000)}`,
  `delete --wait        ${rounds.map((r) => r.deleteMs.toFixed(0)).join(' / ')} ms  ${pass(deleteMs <= 3000)}`,
  `list -o json         ${listMs.toFixed(1)} ms  ${results.local.listToVersionRatio}x ${flag}--version  ${pass(listMs <= 2 * versionMs)}` +
    (service.elasticache ? `; ${results.local.listToPlainVersionRatio}x plain --version  ${pass(listMs <= 2 * versionEnvMs)}` : ''),
];
process.stderr.write(`${lines.join('\n')}\n`);
writeResults(service, 'foundation', results);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
