// What `memctl endpoints` prints, checked against the real things: the Kubernetes manifests
// against the Kubernetes API schema (kubernetes-models' validators), the .env lines read back by
// bash; for endpoints on AWS (ExternalName Services, a reader for a cluster-mode-disabled group)
// and loopback ones (a Service without a selector and its EndpointSlice).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1';
import { endpointInfo, envFile, isKubernetesName, isLoopback, kubernetesManifests, kubernetesName, mainEndpoint, nodeEndpoints, type EndpointInfo } from '../../src/lib/control/endpoints.js';
import type { Cluster, ClusterNode } from '../../src/lib/control/model.js';

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

describe('every endpoint of a cluster, exactly', () => {
  const nodes: Cluster = {
    ...memorydb,
    tls: false,
    shards: [
      {
        id: '0001',
        status: 'available',
        nodes: [
          { name: 'n1', status: 'available', role: 'primary', endpoint: { address: '127.0.0.1', port: 7001 } },
          { name: 'n2', status: 'creating' },
          { name: 'n3', status: 'available', endpoint: { address: '127.0.0.1', port: 7003 } },
        ],
      },
      { id: '0002', status: 'available', nodes: [{ name: 'n4', status: 'available', role: 'replica', endpoint: { address: '127.0.0.1', port: 7004 } }] },
    ],
  } as Cluster;

  it('lists the configuration endpoint, then every node that has one (with its role when known)', () => {
    expect(endpointInfo(nodes, '/ca.crt')).toStrictEqual({
      cluster: 'Orders_2',
      service: 'memorydb',
      clusterMode: 'enabled',
      tls: false,
      endpoints: [
        { kind: 'configuration', name: 'Orders_2', address: 'clustercfg.orders.abc123.memorydb.us-east-1.amazonaws.com', port: 6379 },
        { kind: 'node', name: 'n1', address: '127.0.0.1', port: 7001, role: 'primary' },
        { kind: 'node', name: 'n3', address: '127.0.0.1', port: 7003 },
        { kind: 'node', name: 'n4', address: '127.0.0.1', port: 7004, role: 'replica' },
      ],
    });
  });

  it('lists the primary and reader endpoints of a cluster-mode-disabled group, and names the CA only with TLS', () => {
    expect(endpointInfo(group, '/ca.crt')).toStrictEqual({
      cluster: 'sessions',
      service: 'elasticache',
      clusterMode: 'disabled',
      tls: true,
      caFile: '/ca.crt',
      endpoints: [
        { kind: 'primary', name: 'sessions', address: 'master.sessions.abc123.use1.cache.amazonaws.com', port: 6379 },
        { kind: 'reader', name: 'sessions-reader', address: 'replica.sessions.abc123.use1.cache.amazonaws.com', port: 6379 },
      ],
    });
    expect('caFile' in endpointInfo({ ...group, shards: undefined } as Cluster, undefined)).toBe(false);
  });

  it('writes to the configuration endpoint, else the primary, else the first node', () => {
    const info = (endpoints: EndpointInfo['endpoints']): EndpointInfo => ({ cluster: 'c', service: 'memorydb', clusterMode: 'enabled', tls: false, endpoints });
    const row = (kind: EndpointInfo['endpoints'][number]['kind'], port: number) => ({ kind, name: kind, address: '127.0.0.1', port });
    expect(mainEndpoint(info([row('node', 1), row('reader', 2), row('primary', 3), row('configuration', 4)]))?.port).toBe(4);
    expect(mainEndpoint(info([row('node', 1), row('reader', 2), row('primary', 3)]))?.port).toBe(3);
    expect(mainEndpoint(info([row('node', 1), row('reader', 2)]))?.port).toBe(1);
    expect(mainEndpoint(info([]))).toBeUndefined();
    expect(envFile(info([]))).toBe('');
    expect(kubernetesManifests(info([]), { namespace: 'n', name: 'c', labels: {} })).toEqual([]);
  });

  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.127', '1127.0.0.1', 'localhost.example.com', 'my-localhost', '::2', '']) expect(isLoopback(a), a).toBe(false);
  });

  it('writes .env lines, exactly', () => {
    expect(envFile(endpointInfo(nodes, undefined))).toBe(
      'REDIS_HOST=clustercfg.orders.abc123.memorydb.us-east-1.amazonaws.com\nREDIS_PORT=6379\nREDIS_TLS=false\nREDIS_CLUSTER_MODE=true\nREDIS_URL=redis://clustercfg.orders.abc123.memorydb.us-east-1.amazonaws.com:6379\n',
    );
    expect(envFile(endpointInfo(group, '/ca.crt'))).toBe(
      [
        'REDIS_HOST=master.sessions.abc123.use1.cache.amazonaws.com',
        'REDIS_PORT=6379',
        'REDIS_TLS=true',
        'REDIS_CACERT=/ca.crt',
        'REDIS_CLUSTER_MODE=false',
        'REDIS_URL=rediss://master.sessions.abc123.use1.cache.amazonaws.com:6379',
        'REDIS_READER_HOST=replica.sessions.abc123.use1.cache.amazonaws.com',
        'REDIS_READER_PORT=6379',
        'REDIS_READER_URL=rediss://replica.sessions.abc123.use1.cache.amazonaws.com:6379',
        '',
      ].join('\n'),
    );
  });

  it('makes Kubernetes names of cluster names, and knows one when it sees it', () => {
    expect(kubernetesName('A.B')).toBe('a-b');
    expect(kubernetesName('--9-x')).toBe('x');
    expect(kubernetesName('x--')).toBe('x');
    expect(kubernetesName(`a${'b'.repeat(61)}--c`)).toBe(`a${'b'.repeat(61)}`);
    expect(kubernetesName(`a${'b'.repeat(70)}`)).toBe(`a${'b'.repeat(62)}`);
    // Cut to 63 characters, then trailing hyphens go.
    expect(kubernetesName(`a${'b'.repeat(60)}--cdef`)).toBe(`a${'b'.repeat(60)}`);
    expect(kubernetesName('12')).toBeUndefined();
    expect(isKubernetesName('orders-2')).toBe(true);
    for (const bad of ['Orders', '2x', 'x-', `a${'b'.repeat(63)}`, '-x', 'x_y', '']) expect(isKubernetesName(bad), bad).toBe(false);
    expect(isKubernetesName('a')).toBe(true);
  });

  it('writes the manifests of an AWS group with a reader, exactly', () => {
    const labels = { 'app.kubernetes.io/name': 'sessions', 'app.kubernetes.io/managed-by': 'memctl', team: 't' };
    const metadata = (name: string) => ({ name, namespace: 'shop', labels });
    const port = { name: 'redis', protocol: 'TCP', port: 6379, targetPort: 6379 };
    expect(kubernetesManifests(endpointInfo(group, undefined), { namespace: 'shop', name: 'sessions', labels: { team: 't' } })).toStrictEqual([
      { apiVersion: 'v1', kind: 'Service', metadata: metadata('sessions'), spec: { type: 'ExternalName', externalName: 'master.sessions.abc123.use1.cache.amazonaws.com', ports: [port] } },
      { apiVersion: 'v1', kind: 'Service', metadata: metadata('sessions-reader'), spec: { type: 'ExternalName', externalName: 'replica.sessions.abc123.use1.cache.amazonaws.com', ports: [port] } },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: metadata('sessions'),
        data: {
          REDIS_HOST: 'master.sessions.abc123.use1.cache.amazonaws.com',
          REDIS_PORT: '6379',
          REDIS_SERVICE_HOST: 'sessions.shop.svc.cluster.local',
          REDIS_TLS: 'true',
          REDIS_CLUSTER_MODE: 'false',
          REDIS_URL: 'rediss://master.sessions.abc123.use1.cache.amazonaws.com:6379',
          REDIS_READER_HOST: 'replica.sessions.abc123.use1.cache.amazonaws.com',
          REDIS_READER_PORT: '6379',
          REDIS_READER_SERVICE_HOST: 'sessions-reader.shop.svc.cluster.local',
        },
      },
    ]);
  });

  it('writes the manifests of a loopback endpoint, exactly, at its own address when no host address is given', () => {
    const local = { ...memorydb, name: 'dev', tls: false, endpoint: { address: '127.0.0.1', port: 21000 }, shards: [] } as Cluster;
    const labels = { 'app.kubernetes.io/name': 'dev', 'app.kubernetes.io/managed-by': 'memctl' };
    const [service, slice] = kubernetesManifests(endpointInfo(local, undefined), { namespace: 'dev', name: 'dev', labels: {} });
    expect(service).toStrictEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'dev', namespace: 'dev', labels }, spec: { type: 'ClusterIP', ports: [{ name: 'redis', protocol: 'TCP', port: 21000, targetPort: 21000 }] } });
    expect(slice).toStrictEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'dev-1', namespace: 'dev', labels: { ...labels, 'kubernetes.io/service-name': 'dev' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'redis', protocol: 'TCP', port: 21000 }],
    });
  });
});

describe('the other ways in when the endpoint does not answer', () => {
  const at = (port: number): { address: string; port: number } => ({ address: '127.0.0.1', port });
  const node = (port: number, status: string, role?: 'primary' | 'replica'): ClusterNode => ({
    name: `n${port}`,
    status,
    endpoint: at(port),
    ...(role === undefined ? {} : { role }),
  });
  const cluster = (nodes: ClusterNode[][]): Cluster => ({ ...memorydb, shards: nodes.map((n, i) => ({ id: String(i + 1), status: 'available', nodes: n })) }) as Cluster;

  it('every node but the one tried, available ones first, in the service\'s order otherwise', () => {
    const c = cluster([
      [node(1, 'available'), node(2, 'failed')],
      [node(3, 'available'), node(4, 'available')],
    ]);
    expect(nodeEndpoints(c, at(3), 'primary')).toEqual([at(1), at(4), at(2)]);
  });

  it('the role to read first where the service says roles (ElastiCache), each endpoint once, none without an address', () => {
    const c = cluster([[node(1, 'available', 'replica'), node(2, 'available', 'primary'), { name: 'new', status: 'creating' }, node(2, 'available', 'primary')]]);
    expect(nodeEndpoints(c, at(9), 'primary')).toEqual([at(2), at(1)]);
    expect(nodeEndpoints(c, at(9), 'replica')).toEqual([at(1), at(2)]);
    expect(nodeEndpoints({ ...memorydb, shards: undefined } as Cluster, at(9), 'primary')).toEqual([]);
  });
});
