// @ts-nocheck
// memctl endpoints <cluster>: where applications connect (table / json), as `.env` lines (-o env)
// or as Kubernetes manifests for `kubectl apply -f -` (-o k8s).
import { networkInterfaces } from 'node:os';
import { stringify } from 'yaml';
import type { Context } from '../../context.js';
import { UsageError } from '../../lib/io/errors.js';
import { writeOutput } from '../../lib/io/output.js';
import { endpointInfo, envFile, isKubernetesName, isLoopback, kubernetesManifests, kubernetesName, mainEndpoint } from '../../lib/control/endpoints.js';
import { validateName } from '../../lib/control/validate.js';
import { clusterNoun, getCluster } from '../options/service.js';

export interface EndpointsFlags {
  format?: 'env' | 'k8s';
  namespace?: string;
  name?: string;
  label?: string[];
  hostAddress?: string;
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function labels(items: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    if (eq < 0 || !LABEL_KEY.test(key) || key.length > 316 || !LABEL_VALUE.test(value)) {
      throw new UsageError(`invalid --label "${item}": expected key=value with a Kubernetes label key and value (letters, digits, -, _ and .; at most 63 characters)`);
    }
    out[key] = value;
  }
  return out;
}

/** This machine's first non-loopback IPv4 address (what a local Kubernetes reaches it at). */
function hostAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;
}

export async function run(ctx: Context, name: string, flags: EndpointsFlags): Promise<void> {
  const clusterName = validateName(clusterNoun(ctx.service), name);
  // -o k8s settings are checked before any call.
  const namespace = flags.namespace ?? 'default';
  if (!isKubernetesName(namespace)) throw new UsageError(`invalid --namespace "${namespace}": a Kubernetes namespace is lower case letters, digits and -, starting with a letter (at most 63)`);
  if (flags.name !== undefined && !isKubernetesName(flags.name)) throw new UsageError(`invalid --name "${flags.name}": a Service name is lower case letters, digits and -, starting with a letter (at most 63)`);
  const extraLabels = labels(flags.label);
  if (flags.hostAddress !== undefined && (!IPV4.test(flags.hostAddress) || isLoopback(flags.hostAddress))) {
    throw new UsageError(`invalid --host-address "${flags.hostAddress}": an IPv4 address pods can reach this machine at (not a loopback address)`);
  }
  const baseName = flags.name ?? kubernetesName(clusterName);
  if (flags.format === 'k8s' && baseName === undefined) throw new UsageError(`${clusterName} cannot be a Kubernetes name; give --name`);

  const cluster = await getCluster(ctx, await ctx.controlPlane(), clusterName, { shards: true });
  const info = endpointInfo(cluster, ctx.localCaPath());
  const main = mainEndpoint(info);
  if (main === undefined) throw new UsageError(`${clusterName} has no endpoints yet (${cluster.status}); try again once it is available`);
  if (flags.format === 'env') {
    ctx.io.stdout.write(envFile(info));
    return;
  }
  if (flags.format === 'k8s') {
    const loopback = isLoopback(main.address);
    const address = loopback ? (flags.hostAddress ?? hostAddress()) : undefined;
    if (loopback && address === undefined) throw new UsageError('the endpoints are loopback addresses and this machine has no other IPv4 address to give pods; pass --host-address');
    if (loopback && !ctx.quiet) {
      ctx.io.stderr.write(
        `note: ${main.address} is a loopback address: an ExternalName Service cannot point at it, so this is a Service without a selector and an EndpointSlice at ${address} (a local Kubernetes such as kind or minikube reaches this machine there; the nodes listen on 127.0.0.1, so forward ${main.port} there, or run pods with hostNetwork and use REDIS_HOST from the ConfigMap)\n`,
      );
    }
    const manifests = kubernetesManifests(info, { namespace, name: baseName as string, labels: extraLabels, ...(address === undefined ? {} : { hostAddress: address }) });
    ctx.io.stdout.write(manifests.map((m) => stringify(m)).join('---\n'));
    return;
  }
  await writeOutput(
    ctx.io,
    {
      data: info,
      blocks: [
        { kind: 'fields', fields: [['cluster', info.cluster], ['cluster mode', info.clusterMode], ['tls', info.tls], ['ca', info.tls ? (info.caFile ?? 'system trust store (Amazon Root CA)') : undefined]] },
        { kind: 'table', headers: ['kind', 'name', 'address', 'port', 'role'], rows: info.endpoints.map((e) => [e.kind, e.name, e.address, e.port, e.role]) },
      ],
    },
    ctx.output,
  );
}
