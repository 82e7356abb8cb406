// @ts-nocheck
// The one place SDK clients are built: region, profile and credential chain, endpoint, retries,
// user agent, memctl's middleware. Nothing here runs until a command asks for a client.
import { AuthError, UsageError } from '../io/errors.js';
import type { DebugLog } from '../io/debug.js';
import { addDebugLogging, addRateBackoff, DEFAULT_BACKOFF, type BackoffPolicy, type MiddlewareStackLike } from './middleware.js';
import { checkProfile, type AwsSettings } from './settings.js';
import { VERSION } from '../../version.js';

// Newer SDK releases warn on Node 20 through process.emitWarning; memctl's output stays clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface ClientOptions {
  settings: AwsSettings;
  debug: DebugLog;
  backoff?: BackoffPolicy;
}

interface ResolvableConfig {
  region: () => Promise<string>;
  credentials: () => Promise<unknown>;
}

interface BuiltClient {
  config: ResolvableConfig;
  middlewareStack: MiddlewareStackLike;
}

export function sdkConfig(options: ClientOptions): Record<string, unknown> {
  const { settings } = options;
  const config: Record<string, unknown> = {
    customUserAgent: `memctl/${VERSION}`,
    requestHandler: { connectionTimeout: 5000, requestTimeout: 60_000 },
  };
  if (settings.region !== undefined) config.region = settings.region;
  if (settings.profile !== undefined) config.profile = settings.profile;
  if (settings.endpoint !== undefined) config.endpoint = settings.endpoint;
  if (settings.staticCredentials !== undefined) config.credentials = settings.staticCredentials;
  if (process.env.AWS_MAX_ATTEMPTS === undefined) config.maxAttempts = 4;
  return config;
}

/** Adds memctl's middleware and proves region and credentials resolve, before any API call. */
export async function prepareClient<T extends BuiltClient>(client: T, options: ClientOptions): Promise<T> {
  addRateBackoff(client.middlewareStack, options.backoff ?? DEFAULT_BACKOFF, options.debug);
  addDebugLogging(client.middlewareStack, options.debug);
  // The local control plane uses its own credentials: no profile is read for it.
  if (options.settings.staticCredentials === undefined) await checkProfile(options.settings.profile);
  try {
    const region = await client.config.region();
    options.debug.log(`region ${region}${options.settings.endpoint === undefined ? '' : `, endpoint ${options.settings.endpoint}`}`);
  } catch {
    throw new UsageError('no AWS region configured', {
      hint: 'pass --region, set AWS_REGION, or set a region in your AWS profile (or use --local)',
    });
  }
  try {
    await client.config.credentials();
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0] ?? '';
    throw new AuthError(`no usable AWS credentials${options.settings.profile === undefined ? '' : ` for profile "${options.settings.profile}"`}: ${detail}`, {
      hint: 'set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, pass --profile, or run `aws sso login` (or use --local)',
      cause: err,
    });
  }
  return client;
}

export async function memorydbClient(options: ClientOptions): Promise<import('@aws-sdk/client-memorydb').MemoryDBClient> {
  const { MemoryDBClient } = await import('@aws-sdk/client-memorydb');
  return prepareClient(new MemoryDBClient(sdkConfig(options)), options);
}

export async function elasticacheClient(options: ClientOptions): Promise<import('@aws-sdk/client-elasticache').ElastiCacheClient> {
  const { ElastiCacheClient } = await import('@aws-sdk/client-elasticache');
  return prepareClient(new ElastiCacheClient(sdkConfig(options)), options);
}

export async function cloudwatchClient(options: ClientOptions): Promise<import('@aws-sdk/client-cloudwatch').CloudWatchClient> {
  const { CloudWatchClient } = await import('@aws-sdk/client-cloudwatch');
  return prepareClient(new CloudWatchClient(sdkConfig(options)), options);
}

/** The resolved region and credentials (for signing IAM auth tokens), through the same chain. */
export async function credentialsAndRegion(
  options: ClientOptions,
  service: 'memorydb' | 'elasticache',
): Promise<{ region: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } }> {
  const client = service === 'memorydb' ? await memorydbClient(options) : await elasticacheClient(options);
  try {
    const region = await client.config.region();
    const c = await client.config.credentials();
    return { region, credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }) } };
  } finally {
    client.destroy();
  }
}

/** The AWS Price List API: served from us-east-1 (and a few other regions) for every region's prices. */
export async function pricingClient(options: ClientOptions): Promise<import('@aws-sdk/client-pricing').PricingClient> {
  const { PricingClient } = await import('@aws-sdk/client-pricing');
  const config = sdkConfig({ ...options, settings: { ...options.settings, region: 'us-east-1' } });
  return prepareClient(new PricingClient(config), { ...options, settings: { ...options.settings, region: 'us-east-1' } });
}

/** S3, for the checks an export to a bucket needs (path-style addressing with an explicit endpoint). */
export async function s3Client(options: ClientOptions): Promise<import('@aws-sdk/client-s3').S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const config = sdkConfig(options);
  if (options.settings.endpoint !== undefined) config.forcePathStyle = true;
  return prepareClient(new S3Client(config), options);
}
