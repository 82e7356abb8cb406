// Where AWS calls go and as whom: resolved once from flags and the environment.
import { UsageError } from '../io/errors.js';

export interface AwsSettings {
  region?: string | undefined;
  profile?: string | undefined;
  /** Explicit endpoint (--endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, or the local control plane). */
  endpoint?: string | undefined;
  /** Static credentials (the local control plane does not check signatures). */
  staticCredentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

export type AwsServiceId = 'memorydb' | 'elasticache' | 'cloudwatch';

const ENDPOINT_ENV: Record<AwsServiceId, string> = {
  memorydb: 'AWS_ENDPOINT_URL_MEMORYDB',
  elasticache: 'AWS_ENDPOINT_URL_ELASTICACHE',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
};

/** --endpoint-url first, then the service's variable, then AWS_ENDPOINT_URL (the SDK's own order). */
export function endpointFromEnvironment(service: AwsServiceId, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' && flag === undefined) return undefined;
  const value = flag ?? nonEmpty(env[ENDPOINT_ENV[service]]) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  return value === undefined ? undefined : validateEndpoint(value, flag !== undefined ? '--endpoint-url' : 'the endpoint URL variable');
}

export function validateEndpoint(value: string, source = '--endpoint-url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`invalid ${source} "${value}": expected a URL such as http://127.0.0.1:4510`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid ${source} "${value}": only http:// and https:// endpoints are supported`);
  }
  return value;
}

/** Region from --region or the usual variables; the profile's region is resolved by the SDK. */
export function regionFromEnvironment(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const region = flag ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) && region !== 'local') {
    throw new UsageError(`invalid region "${region}": expected a region code such as us-east-1`);
  }
  return region;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
