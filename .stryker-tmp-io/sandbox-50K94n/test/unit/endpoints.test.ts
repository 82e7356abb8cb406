// @ts-nocheck
// What `memctl endpoints` prints, checked against the real things: the Kubernetes manifests
// against the Kubernetes API schema (kubernetes-models' validators), the .env lines read back by
// bash; for endpoints on AWS (ExternalName Services, a reader for a cluster-mode-disabled group)
// and loopback ones (a Service without a selector and its EndpointSlice).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1';
import { endpointInfo, envFile, kubernetesManifests, kubernetesName } from '../../src/lib/control/endpoints.js';
import type { Cluster } from '../../src/lib/control/model.js';

const memorydb: Cluster = {
  service: 'memorydb',
  name: 'Orders_2',
  status: 'available',
  engine: 'redis',
  nodeType: 'db.r7g.large',
  shardCount: 1,
  clusterMode: 'enabled',
  tls: true,
  endpoint: { address: 'clustercfg.orders.abc123.memorydb.us-east-1.amazonaws.com', port: 6379 },
  shards: [{ id: '0001', status: 'available', nodes: [{ name: 'orders-0001-001', status: 'available', endpoint: { address: 'orders-0001-001.orders.abc123.memorydb.us-east-1.amazonaws.com', port: 6379 } }] }],
} as Cluster;

const group: Cluster = {
  service: 'elasticache',
  name: 'sessions',
  status: 'available',
  engine: 'valkey',
  nodeType: 'cache.r7g.large',
  shardCount: 1,
  clusterMode: 'disabled',
  tls: true,
  primaryEndpoint: { address: 'master.sessions.abc123.use1.cache.amazonaws.com', port: 6379 },
  readerEndpoint: { address: 'replica.sessions.abc123.use1.cache.amazonaws.com', port: 6379 },
} as Cluster;

function validate(manifest: Record<string, unknown>): void {
  const kind = manifest.kind;
  if (kind === 'Service') new Service(manifest as never).validate();
  else if (kind === 'ConfigMap') new ConfigMap(manifest as never).validate();
  else if (kind === 'EndpointSlice') new EndpointSlice(manifest as never).validate();
  else throw new Error(`unexpected kind ${String(kind)}`);
}

describe('endpoints as Kubernetes manifests', () => {
  it('names objects as Kubernetes allows', () => {
    expect(kubernetesName('Orders_2')).toBe('orders-2');
    expect(kubernetesName('2fast')).toBe('fast');
    expect(kubernetesName('---')).toBeUndefined();
  });

  it('an AWS cluster: an ExternalName Service and a ConfigMap, both valid', () => {
    const manifests = kubernetesManifests(endpointInfo(memorydb, undefined), { namespace: 'shop', name: 'orders-2', labels: { team: 'payments' } });
    expect(manifests.map((m) => m.kind)).toEqual(['Service', 'ConfigMap']);
    for (const m of manifests) validate(m);
    expect(manifests[0]).toMatchObject({ spec: { type: 'ExternalName', externalName: 'clustercfg.orders.abc123.memorydb.us-east-1.amazonaws.com' }, metadata: { namespace: 'shop', labels: { team: 'payments', 'app.kubernetes.io/managed-by': 'memctl' } } });
    expect(manifests[1]).toMatchObject({ data: { REDIS_HOST: 'clustercfg.orders.abc123.memorydb.us-east-1.amazonaws.com', REDIS_PORT: '6379', REDIS_TLS: 'true', REDIS_CLUSTER_MODE: 'true', REDIS_SERVICE_HOST: 'orders-2.shop.svc.cluster.local' } });
  });

  it('a cluster-mode-disabled group: the primary and the reader each get a Service', () => {
    const manifests = kubernetesManifests(endpointInfo(group, undefined), { namespace: 'default', name: 'sessions', labels: {} });
    expect(manifests.map((m) => `${String(m.kind)}/${String((m.metadata as { name: string }).name)}`)).toEqual(['Service/sessions', 'Service/sessions-reader', 'ConfigMap/sessions']);
    for (const m of manifests) validate(m);
    expect((manifests[2] as { data: Record<string, string> }).data).toMatchObject({ REDIS_CLUSTER_MODE: 'false', REDIS_READER_HOST: 'replica.sessions.abc123.use1.cache.amazonaws.com' });
  });

  it('loopback endpoints: a Service without a selector and an EndpointSlice at the host address, valid', () => {
    const local = { ...memorydb, name: 'dev', endpoint: { address: '127.0.0.1', port: 21000 }, shards: [] } as Cluster;
    const manifests = kubernetesManifests(endpointInfo(local, '/state/tls/ca.crt'), { namespace: 'dev', name: 'dev', labels: {}, hostAddress: '192.168.1.20' });
    expect(manifests.map((m) => m.kind)).toEqual(['Service', 'EndpointSlice', 'ConfigMap']);
    for (const m of manifests) validate(m);
    expect(manifests[0]).toMatchObject({ spec: { type: 'ClusterIP' } });
    expect((manifests[0] as { spec: Record<string, unknown> }).spec.selector).toBeUndefined();
    expect(manifests[1]).toMatchObject({ metadata: { labels: { 'kubernetes.io/service-name': 'dev' } }, endpoints: [{ addresses: ['192.168.1.20'] }], ports: [{ port: 21000 }] });
  });

  it('a planted mistake fails the schema', () => {
    const [service] = kubernetesManifests(endpointInfo(memorydb, undefined), { namespace: 'shop', name: 'orders', labels: {} });
    const broken = { ...service, spec: { ...(service?.spec as object), ports: [{ port: '6379' }] } };
    expect(() => validate(broken)).toThrow(/port must be integer/);
  });
});

describe('endpoints as .env lines', () => {
  it('bash reads them back, quoting included', () => {
    const env = envFile(endpointInfo(group, "/tmp/it's/ca.crt"));
    const out = execFileSync('bash', ['-c', 'set -a; eval "$ENV_LINES"; printf "%s|%s|%s|%s|%s" "$REDIS_HOST" "$REDIS_PORT" "$REDIS_TLS" "$REDIS_CACERT" "$REDIS_READER_URL"'], { env: { PATH: process.env.PATH, ENV_LINES: env }, encoding: 'utf8' });
    expect(out).toBe("master.sessions.abc123.use1.cache.amazonaws.com|6379|true|/tmp/it's/ca.crt|rediss://replica.sessions.abc123.use1.cache.amazonaws.com:6379");
  });
});
