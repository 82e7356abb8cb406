// @ts-nocheck
// The one local account every piece of state belongs to: its id, how its resources are named
// (ARNs of both services), its availability zones and VPC, and the built-ins it holds before
// anything is created (MemoryDB's open-access ACL and default user).

export const ACCOUNT_ID = '000000000000';

/** MemoryDB ARNs use a slash: arn:aws:memorydb:<region>:<account>:cluster/<name>. */
/** The region an ARN names (its fourth field). */
export function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** Whether a stored resource (user, ACL, user group...) belongs to a region: its ARN says which. */
export function inRegion(resource: { arn: string } | undefined, region: string): boolean {
  return resource !== undefined && regionOfArn(resource.arn) === region;
}

/** The region that holds a name a request wants in another one (the local state keys such resources by name). */
export function heldElsewhere(resource: { arn: string } | undefined, region: string): string | undefined {
  return resource !== undefined && !inRegion(resource, region) ? regionOfArn(resource.arn) : undefined;
}

export function memorydbArn(region: string, kind: string, name: string): string {
  return `arn:aws:memorydb:${region}:${ACCOUNT_ID}:${kind}/${name}`;
}

export type ElastiCacheResource = 'replicationgroup' | 'cluster' | 'snapshot' | 'user' | 'usergroup' | 'parametergroup' | 'subnetgroup';

/** ElastiCache ARNs use a colon: arn:aws:elasticache:<region>:<account>:replicationgroup:<name>. */
export function elasticacheArn(region: string, kind: ElastiCacheResource, name: string): string {
  return `arn:aws:elasticache:${region}:${ACCOUNT_ID}:${kind}:${name}`;
}

export const OPEN_ACCESS_ACL = 'open-access';
export const DEFAULT_USER = 'default';
/** The built-in default user's access string. */
export const DEFAULT_ACCESS_STRING = 'on ~* &* +@all';

export const LOCAL_VPC = 'vpc-0000000000local';

export function availabilityZones(region: string): string[] {
  return ['a', 'b', 'c'].map((z) => `${region}${z}`);
}
