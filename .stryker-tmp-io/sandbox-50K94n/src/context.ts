// @ts-nocheck
// The factory every command gets: streams, output settings, debug log, and lazily built clients.
// Commands never construct SDK or Redis clients themselves, so tests can point them anywhere.
import { createDebugLog, type DebugLog } from './lib/io/debug.js';
import { UsageError } from './lib/io/errors.js';
import { defaultFormat, parseOutputFormat, validateQuery, type OutputOptions } from './lib/io/output.js';
import type { IOStreams } from './lib/io/streams.js';
import { SERVICES, type ControlPlane, type ServiceName } from './lib/control/model.js';
import { endpointFromEnvironment, regionFromEnvironment, validateEndpoint, type AwsServiceId, type AwsSettings } from './lib/aws/settings.js';
import { localPort, localStateDir } from './lib/local/store/paths.js';

export interface GlobalFlags {
  service?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  local?: boolean;
  output?: string;
  query?: string;
  yes?: boolean;
  input?: boolean;
  debug?: boolean;
  quiet?: boolean;
  color?: boolean;
}

export interface ContextOptions {
  io: IOStreams;
  flags: GlobalFlags;
  env?: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: waits stop and say the operation goes on. */
  signal?: AbortSignal;
  /** argv that runs `memctl local serve` in a child process. */
  serveCommand?: string[];
}

export class Context {
  readonly io: IOStreams;
  readonly service: ServiceName;
  readonly output: OutputOptions;
  readonly debug: DebugLog;
  readonly yes: boolean;
  readonly quiet: boolean;
  readonly local: boolean;
  readonly signal: AbortSignal | undefined;
  private readonly flags: GlobalFlags;
  private readonly env: NodeJS.ProcessEnv;
  private readonly serveCommandArgv: string[] | undefined;
  private settingsPromise: Promise<AwsSettings> | undefined;
  private controlPlanePromise: Promise<ControlPlane> | undefined;

  /** Validates the global flags (exit 2 before any API call). */
  constructor(options: ContextOptions) {
    const { io, flags } = options;
    this.io = io;
    this.flags = flags;
    this.env = options.env ?? process.env;
    this.signal = options.signal;
    this.serveCommandArgv = options.serveCommand;
    const service = (flags.service ?? this.env.MEMCTL_SERVICE ?? 'memorydb').toLowerCase();
    if (!(SERVICES as readonly string[]).includes(service)) {
      throw new UsageError(`invalid --service "${service}": expected ${SERVICES.join(' or ')}`);
    }
    this.service = service as ServiceName;
    if (flags.query !== undefined) validateQuery(flags.query);
    this.output = {
      format: flags.output === undefined ? defaultFormat(io) : parseOutputFormat(flags.output),
      query: flags.query,
      width: io.stdoutColumns,
    };
    this.debug = createDebugLog(io, flags.debug === true);
    this.yes = flags.yes === true;
    this.quiet = flags.quiet === true;
    this.local = flags.local === true;
    if (this.local && flags.endpointUrl !== undefined) throw new UsageError('--local and --endpoint-url cannot be used together');
    if (flags.endpointUrl !== undefined) validateEndpoint(flags.endpointUrl);
    regionFromEnvironment(flags.region, this.env);
  }

  /** How often waits poll: fast against the local control plane, gently against AWS. */
  get pollIntervalMs(): number {
    const fromEnv = this.env.MEMCTL_POLL_INTERVAL_MS;
    if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
    return this.local ? 100 : 10_000;
  }

  serveCommand(): string[] {
    if (this.serveCommandArgv !== undefined) return this.serveCommandArgv;
    const script = process.argv[1];
    if (script === undefined) throw new Error('cannot tell how memctl was started, so cannot start the local control plane');
    return [process.execPath, script, 'local', 'serve'];
  }

  /** Starts the local control plane when needed and returns its endpoint. */
  async localEndpoint(): Promise<string> {
    const { ensureRunning } = await import('./lib/local/daemon/launcher.js');
    const stateDir = localStateDir(undefined, this.env);
    const { record, started } = await ensureRunning({ stateDir, port: localPort(undefined, this.env), serveCommand: this.serveCommand() });
    if (started && !this.quiet) this.io.stderr.write(`started the local control plane at ${record.endpoint} (state in ${stateDir})\n`);
    this.debug.log(`local control plane ${record.endpoint} pid ${record.pid}`);
    return record.endpoint;
  }

  awsSettings(): Promise<AwsSettings> {
    this.settingsPromise ??= this.resolveSettings(this.service);
    return this.settingsPromise;
  }

  /** A CloudWatch client for the same account, region and credentials (--local: the plane, which serves CloudWatch too). */
  async cloudwatch(): Promise<import('@aws-sdk/client-cloudwatch').CloudWatchClient> {
    const settings = await this.resolveSettings('cloudwatch');
    const { cloudwatchClient } = await import('./lib/aws/clients.js');
    return cloudwatchClient({ settings, debug: this.debug });
  }

  private async resolveSettings(service: AwsServiceId): Promise<AwsSettings> {
    const region = regionFromEnvironment(this.flags.region, this.env);
    if (this.local) {
      return {
        region: region ?? 'us-east-1',
        endpoint: await this.localEndpoint(),
        staticCredentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      };
    }
    return {
      region,
      profile: this.flags.profile,
      // --endpoint-url is for every service memctl calls, CloudWatch too (as AWS_ENDPOINT_URL is).
      endpoint: endpointFromEnvironment(service, this.flags.endpointUrl, this.env),
    };
  }

  /** The local control plane's state directory (with --local): where its buckets (`s3/<bucket>/`) are. */
  localDirectory(): string | undefined {
    return this.local ? localStateDir(undefined, this.env) : undefined;
  }

  /** The local control plane's CA certificate file (with --local), for tools that take a path. */
  localCaPath(): string | undefined {
    if (!this.local) return undefined;
    return `${localStateDir(undefined, this.env)}/tls/ca.crt`;
  }

  /**
   * TLS trust for connections to cluster nodes: the local control plane's CA when memctl
   * targets it (so no flag is needed), the system's trust store otherwise.
   */
  async nodeTls(): Promise<{ ca?: Buffer }> {
    const path = this.localCaPath();
    if (path === undefined) return {};
    const { readFile } = await import('node:fs/promises');
    try {
      return { ca: await readFile(path) };
    } catch {
      return {};
    }
  }

  /**
   * How memctl itself logs in to a local cluster's nodes for read-only inspection (roles): the local
   * control plane's own user for that cluster, so clusters with an ACL that refuses anonymous
   * clients still answer. Undefined against AWS.
   */
  async localNodeAuth(clusterName: string): Promise<{ user: string; password: string } | undefined> {
    if (!this.local) return undefined;
    const { readClusterAdminCredential } = await import('./lib/local/engine/access/admin.js');
    const credential = await readClusterAdminCredential(localStateDir(undefined, this.env), clusterName);
    if (credential === undefined) return undefined;
    const { registerSecret } = await import('./lib/io/debug.js');
    registerSecret(credential.password);
    return credential;
  }

  controlPlane(): Promise<ControlPlane> {
    this.controlPlanePromise ??= this.buildControlPlane(this.service);
    return this.controlPlanePromise;
  }

  /** The other service's control plane (same region, credentials, --local plane): for hints. */
  async otherControlPlane(): Promise<{ service: ServiceName; plane: ControlPlane }> {
    const service: ServiceName = this.service === 'memorydb' ? 'elasticache' : 'memorydb';
    return { service, plane: await this.buildControlPlane(service) };
  }

  private async buildControlPlane(service: ServiceName): Promise<ControlPlane> {
    // With --local one endpoint serves both services; otherwise each has its own variable.
    const settings = service === this.service ? await this.awsSettings() : await this.resolveSettings(service);
    const pageSize = this.env.MEMCTL_PAGE_SIZE !== undefined ? Number(this.env.MEMCTL_PAGE_SIZE) : undefined;
    const options = { settings, debug: this.debug };
    if (service === 'elasticache') {
      const [{ elasticacheClient }, { ElastiCacheControlPlane }] = await Promise.all([import('./lib/aws/clients.js'), import('./lib/control/elasticache.js')]);
      return new ElastiCacheControlPlane(await elasticacheClient(options), settings.endpoint, pageSize);
    }
    const [{ memorydbClient }, { MemoryDbControlPlane }] = await Promise.all([import('./lib/aws/clients.js'), import('./lib/control/memorydb.js')]);
    return new MemoryDbControlPlane(await memorydbClient(options), settings.endpoint, pageSize);
  }
}
