// @ts-nocheck
// What AWS documents an export of a snapshot to S3 needs of the bucket, checked before the export:
// the bucket is in the snapshot's region (both services), and for ElastiCache its ACL grants
// ElastiCache's canonical user List (READ), Write (WRITE) and Read-bucket-permissions (READ_ACP).
// What cannot be read (no permission to read the ACL) is a warning, not a refusal.
import { GetBucketAclCommand, GetBucketLocationCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ServiceName } from './model.js';

/** ElastiCache's canonical user for exports in the commercial regions (AWS's export guide). */
export const ELASTICACHE_EXPORT_CANONICAL_ID = '540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353';
const NEEDED: Array<[string, string]> = [
  ['READ', 'List objects'],
  ['WRITE', 'Write objects'],
  ['READ_ACP', 'Read bucket permissions'],
];

export interface BucketCheck {
  /** What is missing: the export would fail. */
  problems: string[];
  /** What could not be checked. */
  warnings: string[];
}

function errorName(err: unknown): string {
  return (err as { name?: string }).name ?? (err as Error).message;
}

/** The region a GetBucketLocation answer names (empty is us-east-1; "EU" is eu-west-1). */
export function bucketRegion(constraint: string | undefined | null): string {
  if (constraint === undefined || constraint === null || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

export async function checkExportBucket(client: Pick<S3Client, 'send'>, bucket: string, region: string, service: ServiceName): Promise<BucketCheck> {
  const out: BucketCheck = { problems: [], warnings: [] };
  try {
    const location = await client.send(new GetBucketLocationCommand({ Bucket: bucket }));
    const where = bucketRegion(location.LocationConstraint);
    if (where !== region) out.problems.push(`bucket ${bucket} is in ${where}; an export goes to a bucket in the snapshot's region (${region})`);
  } catch (err) {
    const name = errorName(err);
    if (name === 'NoSuchBucket') out.problems.push(`bucket ${bucket} does not exist`);
    else out.warnings.push(`could not read the region of bucket ${bucket} (${name})`);
  }
  if (service !== 'elasticache') return out;
  try {
    const acl = await client.send(new GetBucketAclCommand({ Bucket: bucket }));
    const granted = new Set<string>((acl.Grants ?? []).filter((g) => g.Grantee?.ID === ELASTICACHE_EXPORT_CANONICAL_ID).map((g) => String(g.Permission)));
    const missing = granted.has('FULL_CONTROL') ? [] : NEEDED.filter(([permission]) => !granted.has(permission));
    if (missing.length > 0) {
      out.problems.push(`bucket ${bucket}'s ACL does not grant ElastiCache (canonical ID ${ELASTICACHE_EXPORT_CANONICAL_ID}) ${missing.map(([p, words]) => `${words} (${p})`).join(', ')}`);
    }
  } catch (err) {
    out.warnings.push(`could not read bucket ${bucket}'s ACL (${errorName(err)}); it must grant ElastiCache (canonical ID ${ELASTICACHE_EXPORT_CANONICAL_ID}) List objects, Write objects and Read bucket permissions`);
  }
  return out;
}
