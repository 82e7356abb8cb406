// @ts-nocheck
// memctl local up|down|status|reset|faults|serve: the local control plane.
import { rmSync } from 'node:fs';
import type { Context } from '../../context.js';
import { ExitCode, MemctlError, UsageError } from '../../lib/io/errors.js';
import { writeOutput, type Rendered } from '../../lib/io/output.js';
import { confirmDestructive } from '../../lib/io/prompt.js';
import { parseInteger, validateRange } from '../../lib/control/validate.js';
import { FAULT_KINDS, type FaultConfig } from '../../lib/local/http/faults.js';
import { localPort, localStateDir } from '../../lib/local/store/paths.js';

export interface LocalFlags {
  port?: string;
  stateDir?: string;
  createDelayMs?: string;
  deleteDelayMs?: string;
  faultRate?: string;
  faultKinds?: string;
  maxNodes?: string;
}

interface Health {
  endpoint: string;
  pid: number;
  port: number;
  version: string;
  stateDir: string;
  startedAt: string;
  requests: number;
  faults: FaultConfig & { injected: number };
  clusters: Array<{ name: string; status: string; nodes: Array<{ name: string; port: number; pid?: number; status: string }> }>;
}

function stateDirOf(flags: LocalFlags): string {
  return localStateDir(flags.stateDir);
}

function portOf(flags: LocalFlags): number {
  return flags.port === undefined ? localPort() : validateRange('--port', parseInteger('--port', flags.port), { min: 0, max: 65535 });
}

function msFlag(flag: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : validateRange(flag, parseInteger(flag, value), { min: 0, max: 600_000 });
}

export function faultsOf(flags: LocalFlags): FaultConfig | undefined {
  if (flags.faultRate === undefined) {
    if (flags.faultKinds !== undefined) throw new UsageError('--fault-kinds needs --fault-rate');
    return undefined;
  }
  const rate = Number(flags.faultRate);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new UsageError(`--fault-rate must be a fraction between 0 and 1, got "${flags.faultRate}"`);
  const kinds = (flags.faultKinds ?? 'throttling').split(',').map((k) => k.trim());
  const bad = kinds.find((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (bad !== undefined) throw new UsageError(`unknown fault kind "${bad}": expected ${FAULT_KINDS.join(', ')}`);
  return { rate, kinds: kinds as FaultConfig['kinds'] };
}

export async function up(ctx: Context, flags: LocalFlags): Promise<void> {
  const stateDir = stateDirOf(flags);
  const port = portOf(flags);
  const faults = faultsOf(flags);
  const createDelayMs = msFlag('--create-delay-ms', flags.createDelayMs);
  const deleteDelayMs = msFlag('--delete-delay-ms', flags.deleteDelayMs);
  const { ensureRunning, adminRequest } = await import('../../lib/local/daemon/launcher.js');
  const { record, started } = await ensureRunning({ stateDir, port, serveCommand: ctx.serveCommand(), faults, createDelayMs, deleteDelayMs });
  if (!started && faults !== undefined) await adminRequest(record, '/_memctl/faults', { method: 'POST', body: JSON.stringify(faults) });
  if (!ctx.quiet) {
    ctx.io.stderr.write(started ? `local control plane started at ${record.endpoint}\n` : `local control plane already running at ${record.endpoint}\n`);
    ctx.io.stderr.write(`point AWS tools at it with: export AWS_ENDPOINT_URL_MEMORYDB=${record.endpoint}\n`);
  }
  const health = (await adminRequest(record, '/_memctl/health')) as Health;
  await writeOutput(ctx.io, statusView(health, started), ctx.output);
}

export async function down(ctx: Context, flags: LocalFlags): Promise<void> {
  const { stopRunning } = await import('../../lib/local/daemon/launcher.js');
  const stopped = await stopRunning(stateDirOf(flags));
  if (!ctx.quiet) ctx.io.stderr.write(stopped === undefined ? 'local control plane is not running\n' : `local control plane stopped (pid ${stopped.pid}); clusters and data are kept\n`);
  await writeOutput(ctx.io, { data: { running: false, stopped: stopped !== undefined }, blocks: [] }, ctx.output);
}

export async function status(ctx: Context, flags: LocalFlags): Promise<void> {
  const stateDir = stateDirOf(flags);
  const { findRunning, adminRequest } = await import('../../lib/local/daemon/launcher.js');
  const record = await findRunning(stateDir);
  if (record === undefined) {
    await writeOutput(ctx.io, { data: { running: false, stateDir }, blocks: [{ kind: 'fields', fields: [['running', 'no'], ['state dir', stateDir]] }] }, ctx.output);
    throw new MemctlError('the local control plane is not running', ExitCode.notFound, { hint: 'start it with `memctl local up`' });
  }
  const health = (await adminRequest(record, '/_memctl/health')) as Health;
  await writeOutput(ctx.io, statusView(health, false), ctx.output);
}

export async function reset(ctx: Context, flags: LocalFlags): Promise<void> {
  const stateDir = stateDirOf(flags);
  await confirmDestructive(ctx.io, {
    question: `Delete every local cluster and all data in ${stateDir}?`,
    action: 'to reset the local control plane',
    yes: ctx.yes,
  });
  const { stopRunning, ensureRunning } = await import('../../lib/local/daemon/launcher.js');
  const stopped = await stopRunning(stateDir);
  rmSync(stateDir, { recursive: true, force: true });
  if (!ctx.quiet) ctx.io.stderr.write(`removed every local cluster and ${stateDir}\n`);
  if (stopped !== undefined) {
    const { record } = await ensureRunning({ stateDir, port: stopped.port, serveCommand: ctx.serveCommand() });
    if (!ctx.quiet) ctx.io.stderr.write(`local control plane restarted at ${record.endpoint}\n`);
  }
  await writeOutput(ctx.io, { data: { reset: true, stateDir, running: stopped !== undefined }, blocks: [] }, ctx.output);
}

export async function faults(ctx: Context, flags: LocalFlags): Promise<void> {
  const config = faultsOf({ faultRate: flags.faultRate ?? '0', faultKinds: flags.faultKinds });
  const { findRunning, adminRequest } = await import('../../lib/local/daemon/launcher.js');
  const record = await findRunning(stateDirOf(flags));
  if (record === undefined) throw new MemctlError('the local control plane is not running', ExitCode.notFound, { hint: 'start it with `memctl local up`' });
  const applied = (await adminRequest(record, '/_memctl/faults', { method: 'POST', body: JSON.stringify(config) })) as FaultConfig;
  await writeOutput(ctx.io, { data: applied, blocks: [{ kind: 'fields', fields: [['fault rate', applied.rate], ['fault kinds', applied.kinds.join(',')]] }] }, ctx.output);
}

/** Runs the control plane in the foreground until Ctrl-C / SIGTERM / `memctl local down`. */
export async function serveForeground(ctx: Context, flags: LocalFlags): Promise<void> {
  const { serve } = await import('../../lib/local/daemon/serve.js');
  const maxNodes = flags.maxNodes ?? process.env.MEMCTL_LOCAL_MAX_NODES;
  const autoSnapshotMs = process.env.MEMCTL_LOCAL_AUTO_SNAPSHOT_MS;
  const memoryScale = process.env.MEMCTL_LOCAL_MEMORY_SCALE === undefined ? undefined : Number(process.env.MEMCTL_LOCAL_MEMORY_SCALE);
  if (memoryScale !== undefined && !(memoryScale > 0 && memoryScale <= 1)) throw new UsageError('MEMCTL_LOCAL_MEMORY_SCALE must be a fraction between 0 and 1');
  await serve({
    stateDir: stateDirOf(flags),
    port: portOf(flags),
    createDelayMs: msFlag('--create-delay-ms', flags.createDelayMs ?? process.env.MEMCTL_LOCAL_CREATE_DELAY_MS),
    deleteDelayMs: msFlag('--delete-delay-ms', flags.deleteDelayMs ?? process.env.MEMCTL_LOCAL_DELETE_DELAY_MS),
    maxNodes: maxNodes === undefined ? undefined : validateRange('--max-nodes', parseInteger('--max-nodes', maxNodes), { min: 1, max: 3000 }),
    memoryScale,
    autoSnapshotIntervalMs: autoSnapshotMs === undefined ? undefined : validateRange('MEMCTL_LOCAL_AUTO_SNAPSHOT_MS', parseInteger('MEMCTL_LOCAL_AUTO_SNAPSHOT_MS', autoSnapshotMs), { min: 100, max: 86_400_000 * 7 }),
    faults: faultsOf(flags),
    log: (message) => ctx.io.stderr.write(`${new Date().toISOString()} ${message}\n`),
  });
}

function statusView(health: Health, started: boolean): Rendered {
  const nodes = health.clusters.flatMap((c) => c.nodes.map((n) => [c.name, n.name, n.port, n.pid, n.status]));
  return {
    data: { running: true, started, ...health },
    blocks: [
      {
        kind: 'fields',
        fields: [
          ['running', 'yes'],
          ['endpoint', health.endpoint],
          ['pid', health.pid],
          ['version', health.version],
          ['state dir', health.stateDir],
          ['started at', health.startedAt],
          ['clusters', health.clusters.length],
          ['faults', health.faults.rate > 0 ? `${health.faults.rate} (${health.faults.kinds.join(',')}), ${health.faults.injected} injected` : 'off'],
        ],
      },
      ...(nodes.length === 0 ? [] : [{ kind: 'table' as const, title: 'Nodes', headers: ['cluster', 'node', 'port', 'pid', 'status'], rows: nodes }]),
    ],
  };
}
