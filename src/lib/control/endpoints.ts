// Every way into a cluster (its configuration or primary and reader endpoints, and each node), and
// what applications need to find it: `.env` lines, and Kubernetes manifests — an ExternalName
// Service per endpoint and a ConfigMap of how to connect; for loopback endpoints (the local
// plane), which ExternalName cannot name, a Service without a selector and its EndpointSlice. Pure.
import { shellWord } from '../io/shell.js';
import type { Cluster, ClusterNode, Endpoint } from './model.js';

export interface EndpointRow {
  kind: 'configuration' | 'primary' | 'reader' | 'node';
  name: string;
  address: string;
  port: number;
  role?: string;
}

export interface EndpointInfo {
  cluster: string;
  service: string;
  clusterMode: 'enabled' | 'disabled';
  tls: boolean;
  /** The CA file to trust (the local plane's), or undefined: the system's trust store (Amazon's CAs). */
  caFile?: string;
  endpoints: EndpointRow[];
}

export function endpointInfo(cluster: Cluster, caFile: string | undefined): EndpointInfo {
  const rows: EndpointRow[] = [];
  if (cluster.endpoint !== undefined) rows.push({ kind: 'configuration', name: cluster.name, ...cluster.endpoint });
  if (cluster.primaryEndpoint !== undefined) rows.push({ kind: 'primary', name: cluster.name, ...cluster.primaryEndpoint });
  if (cluster.readerEndpoint !== undefined) rows.push({ kind: 'reader', name: `${cluster.name}-reader`, ...cluster.readerEndpoint });
  for (const shard of cluster.shards ?? []) {
    for (const node of shard.nodes) {
      if (node.endpoint !== undefined) rows.push({ kind: 'node', name: node.name, ...node.endpoint, ...(node.role === undefined ? {} : { role: node.role }) });
    }
  }
  return { cluster: cluster.name, service: cluster.service, clusterMode: cluster.clusterMode, tls: cluster.tls, ...(caFile === undefined || !cluster.tls ? {} : { caFile }), endpoints: rows };
}

/** The endpoint applications write to: the configuration endpoint, else the primary, else the first node. */
export function mainEndpoint(info: EndpointInfo): EndpointRow | undefined {
  return info.endpoints.find((e) => e.kind === 'configuration') ?? info.endpoints.find((e) => e.kind === 'primary') ?? info.endpoints[0];
}

/**
 * The other ways into a cluster when its endpoint does not answer (a DNS name that still leads to a
 * node just killed): each node's own endpoint but the one tried, nodes the service calls available
 * first, and among them those of the role to be read (primaries, or replicas for replica reads).
 */
export function nodeEndpoints(cluster: Cluster, tried: Endpoint, prefer: 'primary' | 'replica'): Endpoint[] {
  const nodes = (cluster.shards ?? []).flatMap((s) => s.nodes);
  const rank = (n: ClusterNode): number => (n.status === 'available' ? 0 : 2) + (n.role === undefined || n.role === prefer ? 0 : 1);
  const ordered = nodes.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i);
  const out = new Map<string, Endpoint>();
  for (const { n } of ordered) {
    const e = n.endpoint;
    if (e === undefined || (e.address === tried.address && e.port === tried.port)) continue;
    if (!out.has(`${e.address}:${e.port}`)) out.set(`${e.address}:${e.port}`, { address: e.address, port: e.port });
  }
  return [...out.values()];
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === 'localhost' || address === '::1';
}

function url(tls: boolean, e: EndpointRow): string {
  return `${tls ? 'rediss' : 'redis'}://${e.address}:${e.port}`;
}

/** `.env` lines (each value quoted for a POSIX shell, so `set -a; . ./file` reads them back). */
export function envFile(info: EndpointInfo): string {
  const main = mainEndpoint(info);
  if (main === undefined) return '';
  const reader = info.endpoints.find((e) => e.kind === 'reader');
  const vars: Array<[string, string]> = [
    ['REDIS_HOST', main.address],
    ['REDIS_PORT', String(main.port)],
    ['REDIS_TLS', String(info.tls)],
    ...(info.caFile === undefined ? [] : ([['REDIS_CACERT', info.caFile]] as Array<[string, string]>)),
    ['REDIS_CLUSTER_MODE', String(info.clusterMode === 'enabled')],
    ['REDIS_URL', url(info.tls, main)],
    ...(reader === undefined ? [] : ([['REDIS_READER_HOST', reader.address], ['REDIS_READER_PORT', String(reader.port)], ['REDIS_READER_URL', url(info.tls, reader)]] as Array<[string, string]>)),
  ];
  return vars.map(([k, v]) => `${k}=${shellWord(v)}\n`).join('');
}

export interface ManifestOptions {
  namespace: string;
  /** Base name of the Service and ConfigMap (a DNS-1035 label). */
  name: string;
  labels: Record<string, string>;
  /** For loopback endpoints: the address pods reach this machine at (EndpointSlice). */
  hostAddress?: string;
}

const DNS_1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A cluster name as a Kubernetes object name (lower case, DNS-1035), or undefined when it cannot be one. */
export function kubernetesName(name: string): string | undefined {
  const out = name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, '').slice(0, 63).replace(/-+$/, '');
  return DNS_1035.test(out) ? out : undefined;
}

export function isKubernetesName(name: string): boolean {
  return DNS_1035.test(name);
}

type Manifest = Record<string, unknown>;

/**
 * The manifests: per endpoint (main, reader) an ExternalName Service, or for a loopback address a
 * selector-less Service and its EndpointSlice; and a ConfigMap of how to connect.
 */
export function kubernetesManifests(info: EndpointInfo, options: ManifestOptions): Manifest[] {
  const main = mainEndpoint(info);
  if (main === undefined) return [];
  const reader = info.endpoints.find((e) => e.kind === 'reader');
  const labels = { 'app.kubernetes.io/name': options.name, 'app.kubernetes.io/managed-by': 'memctl', ...options.labels };
  const metadata = (name: string, extra: Record<string, unknown> = {}): Manifest => ({ name, namespace: options.namespace, labels, ...extra });
  const services: Manifest[] = [];
  for (const [suffix, endpoint] of [['', main], ['-reader', reader]] as const) {
    if (endpoint === undefined) continue;
    const name = `${options.name}${suffix}`;
    const port = { name: 'redis', protocol: 'TCP', port: endpoint.port, targetPort: endpoint.port };
    if (!isLoopback(endpoint.address)) {
      services.push({ apiVersion: 'v1', kind: 'Service', metadata: metadata(name), spec: { type: 'ExternalName', externalName: endpoint.address, ports: [port] } });
      continue;
    }
    // ExternalName takes a DNS name, and an EndpointSlice no loopback address: the address pods reach this machine at.
    services.push({ apiVersion: 'v1', kind: 'Service', metadata: metadata(name), spec: { type: 'ClusterIP', ports: [port] } });
    services.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: metadata(`${name}-1`, { labels: { ...labels, 'kubernetes.io/service-name': name } }),
      addressType: 'IPv4',
      endpoints: [{ addresses: [options.hostAddress ?? endpoint.address], conditions: { ready: true } }],
      ports: [{ name: 'redis', protocol: 'TCP', port: endpoint.port }],
    });
  }
  const serviceHost = `${options.name}.${options.namespace}.svc.cluster.local`;
  const data: Record<string, string> = {
    // With TLS, connect to the service's own host name: its certificate names it, not the Service.
    REDIS_HOST: main.address,
    REDIS_PORT: String(main.port),
    REDIS_SERVICE_HOST: serviceHost,
    REDIS_TLS: String(info.tls),
    REDIS_CLUSTER_MODE: String(info.clusterMode === 'enabled'),
    REDIS_URL: url(info.tls, main),
    ...(reader === undefined ? {} : { REDIS_READER_HOST: reader.address, REDIS_READER_PORT: String(reader.port), REDIS_READER_SERVICE_HOST: `${options.name}-reader.${options.namespace}.svc.cluster.local` }),
  };
  return [...services, { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(options.name), data }];
}
