// @ts-nocheck
// Where AWS calls go and as whom: resolved once from flags and the environment.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
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

/** The shared config and credentials files the SDK reads (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). */
export function sharedFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = nonEmpty(env.HOME) ?? homedir();
  return {
    config: nonEmpty(env.AWS_CONFIG_FILE) ?? join(home, '.aws', 'config'),
    credentials: nonEmpty(env.AWS_SHARED_CREDENTIALS_FILE) ?? join(home, '.aws', 'credentials'),
  };
}

/** Profile names in an ini file: "[name]", and in the config file "[profile name]" too. */
export function profileNames(text: string, configFile: boolean): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]*?)\s*\]/.exec(line);
    if (m === null) continue;
    const header = m[1] ?? '';
    const prefixed = /^profile\s+(.+)$/.exec(header);
    if (prefixed !== null && configFile) names.add(prefixed[1] ?? '');
    else if (!/\s/.test(header)) names.add(header);
  }
  return names;
}

/**
 * A profile asked for (--profile or AWS_PROFILE) must exist in one of the shared files; otherwise
 * exit 2 naming the profile and the files read, before any call.
 */
export async function checkProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const name = profile ?? nonEmpty(env.AWS_PROFILE);
  if (name === undefined) return;
  const files = sharedFiles(env);
  const read: string[] = [];
  for (const [path, configFile] of [[files.config, true], [files.credentials, false]] as const) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      read.push(`${path} (missing)`);
      continue;
    }
    if (profileNames(text, configFile).has(name)) return;
    read.push(path);
  }
  throw new UsageError(`AWS profile "${name}"${profile === undefined ? ' (from AWS_PROFILE)' : ''} not found; read ${read.join(' and ')}`, {
    hint: 'check the name (aws configure list-profiles), or set AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE',
  });
}
