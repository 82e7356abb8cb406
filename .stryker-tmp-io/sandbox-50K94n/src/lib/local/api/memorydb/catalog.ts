// @ts-nocheck
// What a fresh MemoryDB account offers: engine versions, default parameter groups and a default
// subnet group (the account itself, ARNs and the built-in ACL and user: store/account.ts).

export interface EngineVersion {
  engine: 'redis' | 'valkey';
  version: string;
  patch: string;
  family: string;
  isDefault: boolean;
}

export const ENGINE_VERSIONS: EngineVersion[] = [
  { engine: 'redis', version: '6.2', patch: '6.2.6', family: 'memorydb_redis6', isDefault: false },
  { engine: 'redis', version: '7.0', patch: '7.0.7', family: 'memorydb_redis7', isDefault: false },
  { engine: 'redis', version: '7.1', patch: '7.1.0', family: 'memorydb_redis7', isDefault: true },
  { engine: 'valkey', version: '7.2', patch: '7.2.6', family: 'memorydb_valkey7', isDefault: true },
];

export function defaultEngineVersion(engine: string): EngineVersion | undefined {
  return ENGINE_VERSIONS.find((v) => v.engine === engine && v.isDefault);
}

export function findEngineVersion(engine: string, version: string): EngineVersion | undefined {
  return ENGINE_VERSIONS.find((v) => v.engine === engine && (v.version === version || v.patch === version));
}

export interface ParameterGroup {
  name: string;
  family: string;
  description: string;
}

export const PARAMETER_GROUPS: ParameterGroup[] = [
  { name: 'default.memorydb-redis6', family: 'memorydb_redis6', description: 'Default parameter set for memorydb_redis6' },
  { name: 'default.memorydb-redis7', family: 'memorydb_redis7', description: 'Default parameter set for memorydb_redis7' },
  { name: 'default.memorydb-valkey7', family: 'memorydb_valkey7', description: 'Default parameter set for memorydb_valkey7' },
];

export function defaultParameterGroup(family: string): string {
  return PARAMETER_GROUPS.find((g) => g.family === family)?.name ?? 'default.memorydb-redis7';
}

export const DEFAULT_SUBNET_GROUP = 'default';
