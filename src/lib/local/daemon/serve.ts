// Runs the local control plane in this process until a signal or a shutdown request:
// `memctl local serve` in the foreground, and what `memctl local up` starts in the background.
import { rmSync } from 'node:fs';
import { VERSION } from '../../../version.js';
import { stateFiles } from '../store/paths.js';
import { lockDownStateDir, PRIVATE_UMASK } from '../store/file-modes.js';
import { LocalControlPlane, type LocalServerOptions } from './plane.js';
import { writeJsonAtomic } from '../store/state.js';
import { acquireStateLock, pidAlive, readDaemonRecord, type DaemonRecord } from '../store/daemon-record.js';

/** The server's options; shutdown requests are this module's to handle. */
export interface ServeOptions extends Omit<LocalServerOptions, 'onShutdownRequest' | 'log'> {
  log: (message: string) => void;
}

/** Resolves when the server has stopped and every node it ran has exited. */
export async function serve(options: ServeOptions): Promise<void> {
  const files = stateFiles(options.stateDir);
  const existing = readDaemonRecord(options.stateDir);
  if (existing !== undefined && existing.pid !== process.pid && pidAlive(existing.pid)) {
    throw new Error(`a local control plane (pid ${existing.pid}) already runs on ${options.stateDir} at ${existing.endpoint}`);
  }
  // One plane per state directory, from before its nodes start until they have stopped.
  const release = acquireStateLock(options.stateDir);
  try {
    await serveLocked(options, files);
  } finally {
    release();
  }
}

async function serveLocked(options: ServeOptions, files: ReturnType<typeof stateFiles>): Promise<void> {
  // Secrets and data stay the user's own: files made from now on are 0600, earlier ones are made so.
  process.umask(PRIVATE_UMASK);
  const tightened = lockDownStateDir(options.stateDir);
  if (tightened > 0) options.log(`made ${tightened} file(s) and directories of ${options.stateDir} private (0600/0700)`);
  let requestStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  const plane = await LocalControlPlane.start({ ...options, onShutdownRequest: () => requestStop() });
  const record: DaemonRecord = {
    pid: process.pid,
    port: plane.port,
    endpoint: plane.endpoint,
    version: VERSION,
    startedAt: new Date().toISOString(),
    stateDir: options.stateDir,
  };
  writeJsonAtomic(files.daemon, record);
  options.log(`memctl local control plane ${VERSION} listening on ${plane.endpoint} (pid ${process.pid}, state ${options.stateDir})`);
  const onSignal = (): void => requestStop();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    await stopRequested;
    options.log('stopping: saving data and stopping nodes');
    await plane.stop();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGHUP', onSignal);
    if (readDaemonRecord(options.stateDir)?.pid === process.pid) rmSync(files.daemon, { force: true });
    options.log('stopped');
  }
}
