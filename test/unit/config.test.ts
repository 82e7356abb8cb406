// memctl's settings file: the profile in force (MEMCTL_PROFILE, or "default"), every mistake in the
// file refused with its path (exit 2), and the precedence: flags, then environment, then the file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, loadConfig, withConfig, type ConfigProfile } from '../../src/lib/io/config.js';
import { tempDir } from '../helpers/temp.js';

function withFile(text: string | undefined, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = tempDir('config');
  const env: NodeJS.ProcessEnv = { HOME: home, ...extra };
  if (text !== undefined) {
    const path = join(home, 'config.yaml');
    writeFileSync(path, text);
    env.MEMCTL_CONFIG = path;
  }
  return env;
}

const FILE = `profiles:
  default:
    region: eu-west-1
    output: json
  staging:
    service: elasticache
    region: us-east-2
    endpoint-url: http://127.0.0.1:4566
    aws-profile: staging
  laptop:
    local: true
`;

describe('loadConfig', () => {
  it('finds the file under XDG_CONFIG_HOME or ~/.config, or MEMCTL_CONFIG', () => {
    expect(configPath({ HOME: '/h' })).toBe('/h/.config/memctl/config.yaml');
    expect(configPath({ HOME: '/h', XDG_CONFIG_HOME: '/x' })).toBe('/x/memctl/config.yaml');
    expect(configPath({ HOME: '/h', MEMCTL_CONFIG: '/c.yaml' })).toBe('/c.yaml');
  });

  it('takes "default", or the profile MEMCTL_PROFILE names', async () => {
    expect(await loadConfig(withFile(FILE))).toMatchObject({ region: 'eu-west-1', output: 'json' });
    expect(await loadConfig(withFile(FILE, { MEMCTL_PROFILE: 'staging' }))).toMatchObject({ service: 'elasticache', region: 'us-east-2', endpointUrl: 'http://127.0.0.1:4566', awsProfile: 'staging' });
    expect(await loadConfig(withFile(undefined))).toBeUndefined();
    expect(await loadConfig(withFile('profiles:\n  other:\n    region: eu-west-1\n'))).toBeUndefined();
  });

  it('refuses, naming the file: a missing profile, unknown settings, bad values, bad YAML', async () => {
    await expect(loadConfig(withFile(FILE, { MEMCTL_PROFILE: 'prod' }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/profile "prod" \(MEMCTL_PROFILE\) is not in .*config\.yaml/) as unknown, hint: 'its profiles: default, staging, laptop' });
    await expect(loadConfig(withFile(undefined, { MEMCTL_PROFILE: 'prod' }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/no config file/) as unknown });
    await expect(loadConfig(withFile('profiles:\n  default:\n    regoin: x\n'))).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/unknown setting "regoin"/) as unknown });
    await expect(loadConfig(withFile('profiles:\n  default:\n    service: redis\n'))).rejects.toMatchObject({ message: expect.stringMatching(/service must be memorydb or elasticache/) as unknown });
    await expect(loadConfig(withFile('profiles:\n  default:\n    output: xml\n'))).rejects.toMatchObject({ message: expect.stringMatching(/output must be one of/) as unknown });
    await expect(loadConfig(withFile('profiles:\n  default:\n    local: yes please\n'))).rejects.toMatchObject({ message: expect.stringMatching(/local must be true or false/) as unknown });
    await expect(loadConfig(withFile('profiles: [\n'))).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/is not valid YAML/) as unknown });
    await expect(loadConfig(withFile('region: eu-west-1\n'))).rejects.toMatchObject({ message: expect.stringMatching(/must hold one mapping, "profiles:"/) as unknown });
  });
});

describe('loadConfig, every rule', () => {
  /** The message (and hint) a file is refused with, the file's path shown as FILE. */
  async function refusal(env: NodeJS.ProcessEnv): Promise<string> {
    try {
      await loadConfig(env);
    } catch (err) {
      const e = err as Error & { hint?: string; exitCode?: number };
      const path = env.MEMCTL_CONFIG ?? join(env.HOME as string, '.config', 'memctl', 'config.yaml');
      return `${e.exitCode} ${e.message.split(path).join('FILE')}${e.hint === undefined ? '' : ` | ${e.hint}`}`;
    }
    return 'no error';
  }

  it('an empty MEMCTL_CONFIG, XDG_CONFIG_HOME or MEMCTL_PROFILE counts as unset', async () => {
    expect(configPath({ HOME: '/h', MEMCTL_CONFIG: '', XDG_CONFIG_HOME: '/x' })).toBe('/x/memctl/config.yaml');
    expect(configPath({ HOME: '/h', XDG_CONFIG_HOME: '' })).toBe('/h/.config/memctl/config.yaml');
    expect(await loadConfig(withFile(FILE, { MEMCTL_PROFILE: '' }))).toMatchObject({ region: 'eu-west-1' });
    expect(await loadConfig(withFile(undefined, { MEMCTL_PROFILE: '' }))).toBeUndefined();
  });

  it('a profile names where it came from, and holds only what the file says', async () => {
    const env = withFile(FILE, { MEMCTL_PROFILE: 'laptop' });
    expect(await loadConfig(env)).toStrictEqual({ local: true, source: `laptop in ${env.MEMCTL_CONFIG as string}` });
    const staging = withFile(FILE, { MEMCTL_PROFILE: 'staging' });
    expect(await loadConfig(staging)).toStrictEqual({ service: 'elasticache', region: 'us-east-2', endpointUrl: 'http://127.0.0.1:4566', awsProfile: 'staging', source: `staging in ${staging.MEMCTL_CONFIG as string}` });
    expect(await loadConfig(withFile('profiles:\n  default:\n    local: false\n    service: memorydb\n    output: wide\n'))).toMatchObject({ local: false, service: 'memorydb', output: 'wide' });
  });

  it('an empty file holds no profile', async () => {
    expect(await loadConfig(withFile(''))).toBeUndefined();
    expect(await refusal(withFile('', { MEMCTL_PROFILE: 'x' }))).toBe('2 profile "x" (MEMCTL_PROFILE) is not in FILE | the file has no profiles');
  });

  it('says what is wrong, naming the file', async () => {
    const home = withFile(undefined).HOME as string;
    expect(await refusal({ HOME: home, MEMCTL_CONFIG: home })).toMatch(/^2 cannot read the config file FILE: EISDIR/);
    expect(await refusal(withFile(undefined, { MEMCTL_PROFILE: 'prod' }))).toBe('2 MEMCTL_PROFILE is "prod" but there is no config file FILE | create it (see docs/config.md) or unset MEMCTL_PROFILE');
    expect(await refusal(withFile('profiles: [\n'))).toMatch(/^2 the config file FILE is not valid YAML: [^\n]+$/);
    const mapping = '2 the config file FILE must hold one mapping, "profiles:", of profile names to settings';
    expect(await refusal(withFile('profiles:\n'))).toBe(mapping);
    expect(await refusal(withFile('profiles: [a]\n'))).toBe(mapping);
    expect(await refusal(withFile('profiles: {}\nextra: 1\n'))).toBe(mapping);
    expect(await refusal(withFile('- profiles\n'))).toBe(mapping);
    expect(await refusal(withFile('profiles:\n  default: 5\n'))).toBe('2 profile default in FILE: expected settings (service, region, output, endpoint-url, aws-profile, local)');
    expect(await refusal(withFile('profiles:\n  default:\n    regoin: x\n'))).toBe('2 profile default in FILE: unknown setting "regoin" (expected service, region, output, endpoint-url, aws-profile, local)');
    expect(await refusal(withFile('profiles:\n  default:\n    local: "true"\n'))).toBe('2 profile default in FILE: local must be true or false');
    expect(await refusal(withFile('profiles:\n  default:\n    region: 5\n'))).toBe('2 profile default in FILE: region must be a non-empty string');
    expect(await refusal(withFile('profiles:\n  default:\n    region: "  "\n'))).toBe('2 profile default in FILE: region must be a non-empty string');
    expect(await refusal(withFile('profiles:\n  default:\n    service: redis\n'))).toBe('2 profile default in FILE: service must be memorydb or elasticache, not "redis"');
    expect(await refusal(withFile('profiles:\n  default:\n    output: xml\n'))).toBe('2 profile default in FILE: output must be one of table, wide, json, yaml, text, ndjson, not "xml"');
  });
});

describe('withConfig, each environment variable on its own', () => {
  const all: ConfigProfile = { service: 'elasticache', region: 'us-east-2', output: 'yaml', endpointUrl: 'http://127.0.0.1:4566', awsProfile: 'staging', source: 's' };
  type Flags = { service?: string; region?: string; output?: string; endpointUrl?: string; profile?: string; local?: boolean };
  const filled: Flags = { service: 'elasticache', region: 'us-east-2', output: 'yaml', endpointUrl: 'http://127.0.0.1:4566', profile: 'staging' };
  const without = (...keys: Array<keyof Flags>): Flags => Object.fromEntries(Object.entries(filled).filter(([k]) => !keys.includes(k as keyof Flags)));

  it('leaves the flags alone without a profile', () => {
    const flags: Flags = { region: 'x' };
    expect(withConfig(flags, undefined, {})).toBe(flags);
  });

  it('an environment variable keeps its setting from the profile; an empty one does not', () => {
    expect(withConfig<Flags>({}, all, { MEMCTL_SERVICE: 'memorydb' })).toStrictEqual(without('service'));
    expect(withConfig<Flags>({}, all, { AWS_REGION: 'eu-north-1' })).toStrictEqual(without('region'));
    expect(withConfig<Flags>({}, all, { AWS_DEFAULT_REGION: 'eu-north-1' })).toStrictEqual(without('region'));
    expect(withConfig<Flags>({}, all, { AWS_PROFILE: 'p' })).toStrictEqual(without('profile'));
    expect(withConfig<Flags>({}, all, { AWS_ENDPOINT_URL_ELASTICACHE: 'http://127.0.0.1:1' })).toStrictEqual(without('endpointUrl'));
    expect(withConfig<Flags>({}, all, { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })).toStrictEqual(without('endpointUrl'));
    expect(withConfig<Flags>({}, all, { MEMCTL_SERVICE: '', AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_PROFILE: '', AWS_ENDPOINT_URL: '' })).toStrictEqual(filled);
    expect(withConfig<Flags>({}, all, { NOT_AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })).toStrictEqual(filled);
  });

  it('a flag keeps its setting from the profile', () => {
    expect(withConfig<Flags>({ region: 'eu-north-1' }, all, {})).toStrictEqual({ ...filled, region: 'eu-north-1' });
    expect(withConfig<Flags>({ profile: 'p' }, all, {})).toStrictEqual({ ...filled, profile: 'p' });
    expect(withConfig<Flags>({ endpointUrl: 'http://127.0.0.1:2' }, all, {})).toStrictEqual({ ...filled, endpointUrl: 'http://127.0.0.1:2' });
  });

  it('a profile without a setting fills nothing for it', () => {
    expect(withConfig<Flags>({}, { source: 's' }, {})).toStrictEqual({});
  });

  it("the profile's local: an endpoint from a flag or the environment wins over it, --local or --no-local over both", () => {
    const local: ConfigProfile = { local: true, endpointUrl: 'http://127.0.0.1:3', source: 's' };
    expect(withConfig<Flags>({}, local, {})).toStrictEqual({ local: true });
    expect(withConfig<Flags>({}, local, { AWS_ENDPOINT_URL_MEMORYDB: 'http://127.0.0.1:4' })).toStrictEqual({});
    expect(withConfig<Flags>({ local: false }, local, {})).toStrictEqual({ local: false, endpointUrl: 'http://127.0.0.1:3' });
    expect(withConfig<Flags>({}, { local: false, endpointUrl: 'http://127.0.0.1:3', source: 's' }, {})).toStrictEqual({ local: false, endpointUrl: 'http://127.0.0.1:3' });
  });
});

describe('withConfig', () => {
  const staging = { service: 'elasticache', region: 'us-east-2', output: 'yaml', endpointUrl: 'http://127.0.0.1:4566', awsProfile: 'staging', source: 's' };

  it('fills only what neither a flag nor the environment gave', () => {
    expect(withConfig({}, staging, {})).toEqual({ service: 'elasticache', region: 'us-east-2', output: 'yaml', endpointUrl: 'http://127.0.0.1:4566', profile: 'staging' });
    expect(withConfig({ service: 'memorydb', output: 'json' }, staging, {})).toMatchObject({ service: 'memorydb', output: 'json' });
    const env = { MEMCTL_SERVICE: 'memorydb', AWS_REGION: 'eu-north-1', AWS_PROFILE: 'x', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' };
    expect(withConfig({}, staging, env)).toEqual({ output: 'yaml' });
  });

  it('--local on the command line wins over the profile endpoint; the profile local: true over nothing', () => {
    const local = withConfig({ local: true } as { local?: boolean; endpointUrl?: string }, staging, {});
    expect(local.local).toBe(true);
    expect(local.endpointUrl).toBeUndefined();
    expect(withConfig({} as { local?: boolean; endpointUrl?: string }, { local: true, source: 's' }, {})).toEqual({ local: true });
    expect(withConfig({ endpointUrl: 'http://127.0.0.1:2' } as { local?: boolean; endpointUrl?: string }, { local: true, source: 's' }, {})).toEqual({ endpointUrl: 'http://127.0.0.1:2' });
  });
});
