// Resolving a data-plane <target> from the command line: a cluster name through the control plane
// (its endpoint, TLS, and the local CA when it is local) or a redis:// / rediss:// URL; the user and
// password from the safe inputs, or IAM tokens that refresh before they expire.
import type { Context } from '../../context.js';
import { registerSecret } from '../../lib/io/debug.js';
import { ConflictError, UsageError } from '../../lib/io/errors.js';
import { readSecret } from '../../lib/io/secrets.js';
import { validateUserName } from '../../lib/control/access-string.js';
import { validateName } from '../../lib/control/validate.js';
import { nodeEndpoints } from '../../lib/control/endpoints.js';
import type { Endpoint } from '../../lib/control/model.js';
import { isUrl, parseRedisUrl, readFromOf, tlsOptions, type Credentials, type ResolvedTarget, type TargetFlags } from '../../lib/redis/target.js';
import { clusterNoun, getCluster } from './service.js';

export async function resolveTarget(ctx: Context, target: string, flags: TargetFlags): Promise<ResolvedTarget> {
  const readFrom = readFromOf(flags);
  const user = flags.user === undefined ? undefined : validateUserName(flags.user);
  if (flags.iam === true && user === undefined) throw new UsageError('--iam needs --user: the IAM-enabled user to log in as');
  let resolved: Omit<ResolvedTarget, 'credentials'>;
  let urlUser: string | undefined;
  let urlPassword: string | undefined;
  let clusterName: string | undefined;
  if (isUrl(target)) {
    const url = parseRedisUrl(target);
    urlUser = url.user;
    urlPassword = url.password;
    if (urlPassword !== undefined) {
      registerSecret(urlPassword);
      if (!ctx.quiet) ctx.io.stderr.write('warning: a password in the URL is visible in the process list; prefer MEMCTL_PASSWORD or --password-stdin\n');
    }
    resolved = { label: `${url.tls ? 'rediss' : 'redis'}://${url.host}:${url.port}`, seed: { address: url.host, port: url.port }, tls: url.tls ? await tlsOptions(flags, undefined) : null, readFrom, db: url.db };
  } else {
    clusterName = validateName(clusterNoun(ctx.service), target);
    const plane = await ctx.controlPlane();
    const cluster = await getCluster(ctx, plane, clusterName);
    if (cluster.endpoint === undefined) throw new ConflictError(`${clusterNoun(ctx.service)} ${clusterName} has no endpoint yet (${cluster.status})`);
    const localCa = cluster.tls ? (await ctx.nodeTls()).ca : undefined;
    // Cluster mode disabled (ElastiCache): the primary endpoint, or with --read-from replica the
    // reader endpoint, which spreads connections over the replicas.
    const seed = readFrom !== 'primary' && cluster.readerEndpoint !== undefined ? cluster.readerEndpoint : cluster.endpoint;
    const name = clusterName;
    let alternates: Promise<Endpoint[]> | undefined;
    resolved = {
      label: clusterName,
      seed,
      tls: cluster.tls ? await tlsOptions(flags, localCa) : null,
      readFrom,
      db: 0,
      // Asked of the control plane once, and only when the endpoint does not answer.
      alternates: () => (alternates ??= getCluster(ctx, plane, name, { shards: true }).then((c) => nodeEndpoints(c, seed, readFrom === 'primary' ? 'primary' : 'replica'))),
    };
  }
  const login = user ?? urlUser;
  let credentials: Credentials | undefined;
  if (flags.iam === true) {
    const settings = await ctx.awsSettings();
    const [{ credentialsAndRegion }, { IamTokenProvider }] = await Promise.all([import('../../lib/aws/clients.js'), import('../../lib/aws/iam-token.js')]);
    const { region } = await credentialsAndRegion({ settings, debug: ctx.debug }, ctx.service);
    const provider = new IamTokenProvider({
      cluster: clusterName ?? resolved.seed.address,
      user: login as string,
      region,
      service: ctx.service,
      credentials: async () => (await credentialsAndRegion({ settings, debug: ctx.debug }, ctx.service)).credentials,
    });
    credentials = { user: login, password: async () => provider.token() };
  } else {
    const secret = await readSecret(
      ctx.io,
      process.env,
      { stdin: flags.passwordStdin, file: flags.passwordFile },
      {
        label: `password for ${login ?? 'the default user'}`,
        flagNames: { stdin: '--password-stdin', file: '--password-file' },
        envVar: 'MEMCTL_PASSWORD',
        confirm: false,
        required: false,
        // Ask on a terminal only when a user was named: open clusters need no password.
        prompt: login !== undefined && urlPassword === undefined,
      },
    );
    const password = secret?.value ?? urlPassword;
    if (password !== undefined) credentials = { user: login, password: async () => password };
  }
  return {
    ...resolved,
    credentials,
    trace: ctx.debug.enabled ? (line: string) => ctx.debug.log(line) : undefined,
    warn: ctx.quiet ? undefined : (line: string) => ctx.io.stderr.write(line),
  };
}
