// The bucket prerequisites of a snapshot export, decided from S3's answers (a stand-in S3 client
// answers GetBucketLocation and GetBucketAcl as S3 does): the region, and for ElastiCache the ACL
// grants to its canonical user; what cannot be read is a warning.
import { GetBucketAclCommand, GetBucketLocationCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { bucketRegion, checkExportBucket, ELASTICACHE_EXPORT_CANONICAL_ID } from '../../src/lib/control/bucket-check.js';

function s3(answers: { location?: unknown; acl?: unknown }) {
  return {
    send: async (command: unknown) => {
      const answer = command instanceof GetBucketLocationCommand ? answers.location : command instanceof GetBucketAclCommand ? answers.acl : undefined;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as never;
}

const named = (name: string): Error => Object.assign(new Error(name), { name });
const grant = (permission: string, id = ELASTICACHE_EXPORT_CANONICAL_ID) => ({ Grantee: { ID: id, Type: 'CanonicalUser' }, Permission: permission });

describe('export bucket checks', () => {
  it('reads the region as S3 names it', () => {
    expect([bucketRegion(''), bucketRegion(null), bucketRegion('EU'), bucketRegion('eu-central-1')]).toEqual(['us-east-1', 'us-east-1', 'eu-west-1', 'eu-central-1']);
  });

  it('a bucket in another region, or none, is a problem', async () => {
    expect((await checkExportBucket(s3({ location: { LocationConstraint: 'eu-west-1' } }), 'b', 'us-east-1', 'memorydb')).problems).toEqual(["bucket b is in eu-west-1; an export goes to a bucket in the snapshot's region (us-east-1)"]);
    expect((await checkExportBucket(s3({ location: named('NoSuchBucket') }), 'b', 'us-east-1', 'memorydb')).problems).toEqual(['bucket b does not exist']);
    expect(await checkExportBucket(s3({ location: { LocationConstraint: '' } }), 'b', 'us-east-1', 'memorydb')).toEqual({ problems: [], warnings: [] });
  });

  it('ElastiCache needs List, Write and Read-bucket-permissions granted to its canonical user', async () => {
    const here = { LocationConstraint: 'us-west-2' };
    const ok = await checkExportBucket(s3({ location: here, acl: { Grants: [grant('READ'), grant('WRITE'), grant('READ_ACP')] } }), 'b', 'us-west-2', 'elasticache');
    expect(ok.problems).toEqual([]);
    expect((await checkExportBucket(s3({ location: here, acl: { Grants: [grant('FULL_CONTROL')] } }), 'b', 'us-west-2', 'elasticache')).problems).toEqual([]);
    const partial = await checkExportBucket(s3({ location: here, acl: { Grants: [grant('READ'), grant('WRITE', 'someone-else')] } }), 'b', 'us-west-2', 'elasticache');
    expect(partial.problems).toEqual([`bucket b's ACL does not grant ElastiCache (canonical ID ${ELASTICACHE_EXPORT_CANONICAL_ID}) Write objects (WRITE), Read bucket permissions (READ_ACP)`]);
    const unreadable = await checkExportBucket(s3({ location: named('AccessDenied'), acl: named('AccessDenied') }), 'b', 'us-west-2', 'elasticache');
    expect(unreadable.problems).toEqual([]);
    expect(unreadable.warnings).toHaveLength(2);
    expect(unreadable.warnings[1]).toMatch(/could not read bucket b's ACL \(AccessDenied\)/);
  });
});

describe('export bucket checks, the details', () => {
  type Input = { Bucket?: string };
  function s3(answers: { location?: unknown; acl?: unknown }, asked: Array<[string, Input]> = []) {
    return {
      send: async (command: { input: Input }) => {
        const kind = command instanceof GetBucketLocationCommand ? 'location' : command instanceof GetBucketAclCommand ? 'acl' : 'other';
        asked.push([kind, command.input]);
        const answer = kind === 'location' ? answers.location : answers.acl;
        if (answer instanceof Error || (typeof answer === 'object' && answer !== null && 'thrown' in answer)) throw (answer as { thrown?: unknown }).thrown ?? answer;
        return answer;
      },
    } as never;
  }
  const grant = (permission: string, id = ELASTICACHE_EXPORT_CANONICAL_ID) => ({ Grantee: { ID: id, Type: 'CanonicalUser' }, Permission: permission });

  it("uses ElastiCache's documented canonical user for exports", () => {
    expect(ELASTICACHE_EXPORT_CANONICAL_ID).toBe('540804c33a284a299d2547575ce1010f2312ef3da9b3a053c8bc45bf233e4353');
    expect(bucketRegion(undefined)).toBe('us-east-1');
  });

  it('asks about the bucket named, and names what it could not read by the error name, else its message', async () => {
    const asked: Array<[string, Input]> = [];
    const out = await checkExportBucket(s3({ location: Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }), acl: { thrown: { message: 'socket hang up' } } }, asked), 'exports', 'us-east-1', 'elasticache');
    expect(asked).toEqual([
      ['location', { Bucket: 'exports' }],
      ['acl', { Bucket: 'exports' }],
    ]);
    expect(out.warnings).toEqual([
      'could not read the region of bucket exports (AccessDenied)',
      `could not read bucket exports's ACL (socket hang up); it must grant ElastiCache (canonical ID ${ELASTICACHE_EXPORT_CANONICAL_ID}) List objects, Write objects and Read bucket permissions`,
    ]);
  });

  it('reads grants without a grantee or a list of grants as granting nothing', async () => {
    const here = { LocationConstraint: 'us-west-2' };
    const none = `bucket b's ACL does not grant ElastiCache (canonical ID ${ELASTICACHE_EXPORT_CANONICAL_ID}) List objects (READ), Write objects (WRITE), Read bucket permissions (READ_ACP)`;
    expect((await checkExportBucket(s3({ location: here, acl: {} }), 'b', 'us-west-2', 'elasticache')).problems).toEqual([none]);
    expect((await checkExportBucket(s3({ location: here, acl: { Grants: [{ Permission: 'FULL_CONTROL' }] } }), 'b', 'us-west-2', 'elasticache')).problems).toEqual([none]);
    expect((await checkExportBucket(s3({ location: here, acl: { Grants: [grant('WRITE'), grant('READ_ACP')] } }), 'b', 'us-west-2', 'elasticache')).problems).toEqual([
      `bucket b's ACL does not grant ElastiCache (canonical ID ${ELASTICACHE_EXPORT_CANONICAL_ID}) List objects (READ)`,
    ]);
  });
});
