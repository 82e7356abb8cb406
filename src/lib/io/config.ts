// memctl's own settings file: named profiles of defaults (service, region, output, endpoint, AWS
// profile, --local), chosen with MEMCTL_PROFILE ("default" otherwise). Flags and the usual
// environment variables win over it; it only fills what neither gave.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors.js';
import { isRecord, OUTPUT_FORMATS } from './output.js';

/** The settings a profile may hold, as written in the file. */
export const CONFIG_KEYS = ['service', 'region', 'output', 'endpoint-url', 'aws-profile', 'local'] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

export interface ConfigProfile {
  service?: string;
  region?: string;
  output?: string;
  endpointUrl?: string;
  awsProfile?: string;
  local?: boolean;
  /** Where it came from, for --debug: "staging in /home/u/.config/memctl/config.yaml". */
  source: string;
}

/** MEMCTL_CONFIG, or config.yaml under XDG_CONFIG_HOME (~/.config) in a memctl folder. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MEMCTL_CONFIG !== undefined && env.MEMCTL_CONFIG !== '') return env.MEMCTL_CONFIG;
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(base, 'memctl', 'config.yaml');
}

/**
 * The profile in force: MEMCTL_PROFILE's, or "default" when the file has one. Undefined when there
 * is no file and no profile was asked for. A file that does not parse, an unknown key or value
 * type, or a profile asked for that is not there: exit 2 naming the file.
 */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<ConfigProfile | undefined> {
  const path = configPath(env);
  const wanted = env.MEMCTL_PROFILE !== undefined && env.MEMCTL_PROFILE !== '' ? env.MEMCTL_PROFILE : undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read the config file ${path}: ${(err as Error).message}`);
    if (wanted !== undefined) throw new UsageError(`MEMCTL_PROFILE is "${wanted}" but there is no config file ${path}`, { hint: 'create it (see docs/config.md) or unset MEMCTL_PROFILE' });
    return undefined;
  }
  const yaml = (await import('yaml')) as unknown as { parse?: (t: string) => unknown; default: { parse: (t: string) => unknown } };
  let doc: unknown;
  try {
    doc = (yaml.parse ?? yaml.default.parse)(text);
  } catch (err) {
    throw new UsageError(`the config file ${path} is not valid YAML: ${(err as Error).message.split('\n')[0] as string}`);
  }
  doc ??= {};
  const profiles = isRecord(doc) ? doc.profiles : undefined;
  if (!isRecord(doc) || Object.keys(doc).some((k) => k !== 'profiles') || (profiles !== undefined && !isRecord(profiles))) {
    throw new UsageError(`the config file ${path} must hold one mapping, "profiles:", of profile names to settings`);
  }
  const all = (profiles ?? {}) as Record<string, unknown>;
  const name = wanted ?? 'default';
  const chosen = all[name];
  if (chosen === undefined) {
    if (wanted === undefined) return undefined;
    const names = Object.keys(all);
    throw new UsageError(`profile "${wanted}" (MEMCTL_PROFILE) is not in ${path}`, { hint: names.length === 0 ? 'the file has no profiles' : `its profiles: ${names.join(', ')}` });
  }
  return parseProfile(chosen, `${name} in ${path}`);
}

function parseProfile(value: unknown, source: string): ConfigProfile {
  if (!isRecord(value)) throw new UsageError(`profile ${source}: expected settings (${CONFIG_KEYS.join(', ')})`);
  const out: ConfigProfile = { source };
  for (const [key, v] of Object.entries(value)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) throw new UsageError(`profile ${source}: unknown setting "${key}" (expected ${CONFIG_KEYS.join(', ')})`);
    const k = key as ConfigKey;
    if (k === 'local') {
      if (typeof v !== 'boolean') throw new UsageError(`profile ${source}: local must be true or false`);
      out.local = v;
      continue;
    }
    if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`profile ${source}: ${key} must be a non-empty string`);
    if (k === 'service' && v !== 'memorydb' && v !== 'elasticache') throw new UsageError(`profile ${source}: service must be memorydb or elasticache, not "${v}"`);
    if (k === 'output' && !(OUTPUT_FORMATS as readonly string[]).includes(v)) throw new UsageError(`profile ${source}: output must be one of ${OUTPUT_FORMATS.join(', ')}, not "${v}"`);
    if (k === 'service') out.service = v;
    else if (k === 'region') out.region = v;
    else if (k === 'output') out.output = v;
    else if (k === 'endpoint-url') out.endpointUrl = v;
    else out.awsProfile = v;
  }
  return out;
}

/** The flags, each left unset filled from the profile unless its environment variable is set. */
export function withConfig<F extends { service?: string; region?: string; output?: string; endpointUrl?: string; profile?: string; local?: boolean }>(
  flags: F,
  config: ConfigProfile | undefined,
  env: NodeJS.ProcessEnv,
): F {
  if (config === undefined) return flags;
  const set = (name: string): boolean => env[name] !== undefined && env[name] !== '';
  const out = { ...flags };
  if (out.service === undefined && !set('MEMCTL_SERVICE') && config.service !== undefined) out.service = config.service;
  if (out.region === undefined && !set('AWS_REGION') && !set('AWS_DEFAULT_REGION') && config.region !== undefined) out.region = config.region;
  if (out.output === undefined && config.output !== undefined) out.output = config.output;
  if (out.profile === undefined && !set('AWS_PROFILE') && config.awsProfile !== undefined) out.profile = config.awsProfile;
  const endpointVar = Object.keys(env).some((k) => k.startsWith('AWS_ENDPOINT_URL') && set(k));
  // --local on the command line, or an endpoint given anywhere, wins over the profile's choice.
  if (out.local === undefined && out.endpointUrl === undefined && config.local !== undefined && !endpointVar) out.local = config.local;
  if (out.endpointUrl === undefined && out.local !== true && !endpointVar && config.endpointUrl !== undefined) out.endpointUrl = config.endpointUrl;
  return out;
}
