// @ts-nocheck
// Declares `memctl endpoints`: arguments, flags and help. The work is in the modules its action loads.
import type { Command } from 'commander';
import { lazy, type ProgramDeps } from '../options/action.js';
import { collect } from '../options/flags.js';

/** -o values only this command takes. */
export const ENDPOINT_FORMATS = ['env', 'k8s'] as const;

export function registerEndpoints(program: Command, deps: ProgramDeps): void {
  program
    .command('endpoints')
    .description('every endpoint of a cluster (configuration or primary and reader, each node) with port, TLS and the CA to trust; -o env for .env files, -o k8s for Kubernetes manifests')
    .argument('<cluster>', 'cluster (or replication group) name')
    .option('--namespace <namespace>', '-o k8s: the namespace of the manifests (default "default")')
    .option('--name <name>', '-o k8s: the name of the Service and ConfigMap (default: the cluster name)')
    .option('--label <key=value>', '-o k8s: a label on every manifest (repeatable)', collect)
    .option('--host-address <ip>', '-o k8s with loopback endpoints (the local plane): the address pods reach this machine at (default: its first non-loopback IPv4)')
    .action(lazy(deps, async () => (await import('./run.js')).run, { formats: ENDPOINT_FORMATS }));
}
