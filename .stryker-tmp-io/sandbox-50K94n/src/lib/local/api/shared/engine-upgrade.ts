// @ts-nocheck
// Engine and EngineVersion on UpdateCluster (MemoryDB) and ModifyReplicationGroup (ElastiCache),
// checked the same way for both: a version the engine does not offer is refused, so is a
// downgrade or a move to another engine than valkey from redis; an upgrade needs the target
// version's binary installed for the local plane (engine/nodes/server-binaries.ts). Asking for
// what the cluster already runs changes nothing.
import { compareVersions } from '../../../control/versions.js';
import { installedServer, type ServerBinaries } from '../../engine/nodes/server-binaries.js';
import type { LocalCluster, LocalEngineRelease } from '../../store/state.js';

/** What a service offers: an engine version (the engine's default when `version` is undefined) and its family's parameter group. */
export interface UpgradeCatalog {
  find(engine: string, version: string | undefined): { version: string; family: string } | undefined;
  familyOf(cluster: LocalCluster): string | undefined;
  parameterGroup(family: string, cluster: LocalCluster): string;
}

export interface UpgradeErrors {
  invalidValue(message: string): Error;
  invalidCombination(message: string): Error;
}

/** The release to upgrade to, or undefined when nothing changes. */
export function planEngineUpgrade(
  cluster: LocalCluster,
  asked: { engine?: string; version?: string },
  catalog: UpgradeCatalog,
  binaries: ServerBinaries,
  errors: UpgradeErrors,
): LocalEngineRelease | undefined {
  if (asked.engine === undefined && asked.version === undefined) return undefined;
  const engine = (asked.engine ?? cluster.engine).toLowerCase();
  if (engine !== 'redis' && engine !== 'valkey') throw errors.invalidValue(`Invalid engine: ${asked.engine} (expected redis or valkey)`);
  const sameEngine = engine === cluster.engine;
  const target = catalog.find(engine, asked.version ?? (sameEngine ? cluster.engineVersion : undefined));
  if (target === undefined) throw errors.invalidValue(`Engine version ${asked.version ?? '(default)'} is not available for ${engine}`);
  if (sameEngine && compareVersions(target.version, minor(cluster.engineVersion)) === 0) return undefined;
  if (sameEngine && compareVersions(target.version, cluster.engineVersion) < 0) {
    throw errors.invalidCombination(`Cluster ${cluster.name} runs ${cluster.engine} ${cluster.engineVersion}: engine versions cannot go down (asked ${target.version})`);
  }
  if (!sameEngine && !(cluster.engine === 'redis' && engine === 'valkey')) {
    throw errors.invalidCombination(`Cluster ${cluster.name} runs ${cluster.engine}; it can move to valkey only from redis`);
  }
  const installed = installedServer(binaries, engine, target.version);
  if ('problem' in installed) throw errors.invalidCombination(`Cannot upgrade ${cluster.name} to ${engine} ${target.version}: ${installed.problem}`);
  const family = catalog.familyOf(cluster);
  return {
    engine,
    version: target.version,
    server: installed.server,
    ...(family === target.family ? {} : { parameterGroup: catalog.parameterGroup(target.family, cluster) }),
  };
}

function minor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
