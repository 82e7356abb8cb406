// memctl's settings file: the profile in force (MEMCTL_PROFILE, or "default"), every mistake in the
// file refused with its path (exit 2), and the precedence: flags, then environment, then the file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, loadConfig, withConfig } from '../../src/lib/io/config.js';
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
