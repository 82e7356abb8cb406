// @ts-nocheck
// What a restore asks for, from the snapshot (a stand-in control plane: pure logic): the snapshot's
// node type, replicas and settings for every flag not given, the source cluster's ACL and TLS while
// it exists, and a node type too small for the largest shard refused with exit 2 before any call.
import { describe, expect, it } from 'vitest';
import { resolveRestore, sizeBytes } from '../../src/commands/options/restore.js';
import { Context } from '../../src/context.js';
import type { Cluster, ControlPlane, Snapshot } from '../../src/lib/control/model.js';
import { captureStreams } from '../../src/lib/io/streams.js';

const SNAPSHOT: Snapshot = {
  service: 'memorydb',
  name: 'nightly',
  status: 'available',
  source: 'manual',
  arn: 'arn:aws:memorydb:us-east-1:123456789012:snapshot/nightly',
  clusterName: 'orders',
  nodeType: 'db.r7g.xlarge',
  engineVersion: '7.1',
  shardCount: 2,
  replicasPerShard: 2,
  parameterGroup: 'pg-orders',
  port: 6380, // not the default 6379: a restore asks for it
  kmsKeyId: 'key-1',
  shards: [
    { name: '0001', size: '9000.0 MB' },
    { name: '0002', size: '12.5 GB' },
  ],
};

function plane(snapshot: Snapshot | undefined, source?: Partial<Cluster>): { plane: ControlPlane; calls: string[] } {
  const calls: string[] = [];
  const fake = {
    service: 'memorydb',
    findSnapshot: async (name: string) => {
      calls.push(`findSnapshot ${name}`);
      return snapshot;
    },
    listTags: async (arn: string) => {
      calls.push(`listTags ${arn}`);
      return [{ key: 'team', value: 'payments' }];
    },
    findCluster: async (name: string) => {
      calls.push(`findCluster ${name}`);
      return source === undefined ? undefined : ({ name, tls: true, ...source } as Cluster);
    },
  };
  return { plane: fake as unknown as ControlPlane, calls };
}

async function ctx(): Promise<Context> {
  return new Context({ io: await captureStreams(), flags: {}, env: {} });
}

describe('sizeBytes', () => {
  it('reads the sizes the services write', () => {
    expect(sizeBytes('11.0 MB')).toBe(11_000_000);
    expect(sizeBytes('3 GB')).toBe(3e9);
    expect(sizeBytes('512 KB')).toBe(512_000);
    expect(sizeBytes('0 MB')).toBe(0);
    expect(sizeBytes('lots')).toBeUndefined();
    expect(sizeBytes(undefined)).toBeUndefined();
  });
});

describe('resolveRestore', () => {
  it("takes the snapshot's node type, replicas, settings and tags for every flag not given", async () => {
    const { plane: p } = plane(SNAPSHOT);
    const { spec, from } = await resolveRestore(await ctx(), p, 'copy', 'nightly', { tls: true });
    expect(spec).toMatchObject({ name: 'copy', snapshotName: 'nightly', nodeType: 'db.r7g.xlarge', replicas: 2, engineVersion: '7.1', parameterGroup: 'pg-orders', port: 6380, kmsKeyId: 'key-1', tags: [{ key: 'team', value: 'payments' }] });
    expect(from).toMatchObject({ 'node type': 'snapshot', replicas: 'snapshot', port: 'snapshot', tags: 'snapshot' });
  });

  it('a flag wins over the snapshot', async () => {
    const { plane: p, calls } = plane(SNAPSHOT);
    const { spec, from } = await resolveRestore(await ctx(), p, 'copy', 'nightly', { tls: true, nodeType: 'db.r7g.2xlarge', replicas: '0', tag: ['env=dr'] });
    expect(spec).toMatchObject({ nodeType: 'db.r7g.2xlarge', replicas: 0, tags: [{ key: 'env', value: 'dr' }] });
    expect(from).toMatchObject({ 'node type': 'flag', replicas: 'flag', tags: 'flag' });
    expect(calls.some((c) => c.startsWith('listTags'))).toBe(false);
  });

  it("takes the source cluster's ACL and TLS while it exists", async () => {
    const { plane: p } = plane(SNAPSHOT, { acl: 'app-acl', tls: false });
    const { spec, from } = await resolveRestore(await ctx(), p, 'copy', 'nightly', { tls: true });
    expect(spec).toMatchObject({ acl: 'app-acl', tls: false });
    expect(from).toMatchObject({ ACL: 'source cluster orders', TLS: 'source cluster orders' });
    const { spec: gone } = await resolveRestore(await ctx(), plane(SNAPSHOT).plane, 'copy', 'nightly', { tls: true });
    expect(gone.tls).toBe(true);
    expect(gone.acl).toBeUndefined();
  });

  it('refuses a node type smaller than the largest shard (exit 2), naming both', async () => {
    const { plane: p, calls } = plane(SNAPSHOT);
    // 12.5 GB = 11.64 GiB fits db.r7g.large's 13.07 GiB; db.t4g.medium's 3.09 GiB it does not.
    const fits = await resolveRestore(await ctx(), p, 'copy', 'nightly', { tls: true, nodeType: 'db.r7g.large' });
    expect(fits.spec.nodeType).toBe('db.r7g.large');
    const small = await resolveRestore(await ctx(), p, 'copy', 'nightly', { tls: true, nodeType: 'db.t4g.medium' }).catch((e: unknown) => e);
    expect(small).toMatchObject({ exitCode: 2, message: expect.stringMatching(/db\.t4g\.medium offers 3\.09 GiB per node, but snapshot nightly's largest shard holds 11\.64 GiB/) as unknown });
    expect(calls.filter((c) => c.startsWith('create'))).toEqual([]);
  });

  it('a snapshot that is missing is exit 3; one not yet available exit 6', async () => {
    await expect(resolveRestore(await ctx(), plane(undefined).plane, 'copy', 'nightly', { tls: true })).rejects.toMatchObject({ exitCode: 3 });
    await expect(resolveRestore(await ctx(), plane({ ...SNAPSHOT, status: 'creating' }).plane, 'copy', 'nightly', { tls: true })).rejects.toMatchObject({ exitCode: 6 });
  });
});
