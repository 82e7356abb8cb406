// @ts-nocheck
// E2E: the package a user installs. `npm pack` builds first (prepack) and ships bin/, dist/, docs/,
// README, LICENSE and CHANGELOG; the program is bundled, so installing the tarball into an empty
// prefix (offline) installs no other package, and the installed `memctl` runs: --version, and
// `--local list`, which starts a local control plane from the installed copy.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOk, REPO_ROOT, runMemctl } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  engines: { node: string };
  files: string[];
};

let dir: string;
let tarball: string;
let installed: string;
let env: NodeJS.ProcessEnv;

/** npm with a clean environment of its own (not the npm_config_* of the `npm test` running us). */
function npm(args: string[], cwd: string): string {
  const npmEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, npm_config_cache: join(dir, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  return execFileSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

beforeAll(() => {
  dir = tempDir('e2e-package');
  // dist/ was built by `npm test`'s pretest; building again here would replace it under the other
  // tests, so the pack skips prepack (checked below to be the build).
  const name = npm(['pack', '--ignore-scripts', '--pack-destination', dir], REPO_ROOT).trim().split('\n').pop() ?? '';
  tarball = join(dir, name);
  npm(['install', '--global', '--offline', '--ignore-scripts', '--prefix', join(dir, 'prefix'), tarball], dir);
  installed = join(dir, 'prefix', 'bin', 'memctl');
}, 180_000);

afterAll(async () => {
  if (env !== undefined) await runMemctl(['local', 'down', '-q'], { env, bin: installed });
});

describe('the package', () => {
  it('builds before packing, depends on nothing at run time, and says which Node it needs', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.engines.node).toBe('>=20.12.0');
  });

  it('holds bin/, dist/, docs/, README, LICENSE and CHANGELOG, and no sources or tests', () => {
    const entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    for (const file of ['package/bin/memctl', 'package/dist/main.js', 'package/dist/help.txt', 'package/dist/bench-worker.js', 'package/README.md', 'package/LICENSE', 'package/CHANGELOG.md', 'package/docs/json.md']) {
      expect(entries).toContain(file);
    }
    expect(entries.filter((e) => /^package\/(src|test|bench|scripts)\//.test(e))).toEqual([]);
    expect(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')).toContain('Apache License');
  });

  it('installs into an empty prefix with no other package, and the installed memctl runs', async () => {
    const root = join(dir, 'prefix', 'lib', 'node_modules', 'memctl');
    expect(existsSync(join(root, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(root, 'node_modules')) ? readdirSync(join(root, 'node_modules')) : []).toEqual([]);
    env = cleanEnv({ MEMCTL_LOCAL_DIR: join(dir, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()) });
    const version = await runMemctl(['--version'], { env, bin: installed });
    expectOk(version);
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const list = await runMemctl(['--local', 'list', '-o', 'json'], { env, bin: installed, timeoutMs: 60_000 });
    expectOk(list);
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect(list.stderr).toContain('started the local control plane');
    const help = await runMemctl(['keys', 'scan', '--help'], { env, bin: installed });
    expectOk(help);
    expect(help.stdout).toContain('Usage: memctl keys scan');
  });
});
