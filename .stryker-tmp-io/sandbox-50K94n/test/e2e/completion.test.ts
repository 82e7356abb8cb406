// @ts-nocheck
// E2E: `memctl completion bash|zsh|fish` prints a script made from the program's own commands and
// flags. The bash script is sourced into a real bash and asked what it completes; zsh loads the same
// functions through bashcompinit; fish gets one `complete` line per command, flag and known value.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectCleanError, expectOk, runMemctl } from '../helpers/cli.js';
import { tempDir } from '../helpers/local.js';

let dir: string;
let bashScript: string;
const env = cleanEnv();

/** What the bash script offers for the words typed so far (the last one being completed). */
function complete(...words: string[]): string[] {
  const script = join(dir, 'memctl.bash');
  const line = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(memctl ${line}); COMP_CWORD=${words.length}; _memctl; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((w) => w !== '');
}

beforeAll(async () => {
  dir = tempDir('e2e-completion');
  const r = await runMemctl(['completion', 'bash'], { env });
  expectOk(r);
  bashScript = r.stdout;
  writeFileSync(join(dir, 'memctl.bash'), bashScript);
});

describe('memctl completion', () => {
  it('bash completes commands, subcommands, flags of the command typed, and known values', () => {
    expect(complete('ke')).toEqual(['keys']);
    expect(complete('keys', '')).toEqual(['scan', 'get', 'delete']);
    expect(complete('--local', 'keys', 'sc')).toEqual(['scan']);
    expect(complete('keys', 'scan', 'orders', '--ma')).toEqual(['--match', '--max-ops']);
    // Global flags everywhere; a flag of another command is not offered.
    expect(complete('list', '--qu')).toEqual(['--query', '--quiet']);
    expect(complete('list', '--ma')).toEqual([]);
    expect(complete('-o', 'n')).toEqual(['ndjson']);
    expect(complete('--service', '')).toEqual(['memorydb', 'elasticache']);
    expect(complete('keys', 'scan', 'x', '--read-from', 'pr')).toEqual(['primary', 'prefer-replica']);
    expect(complete('')).toContain('completion');
  });

  it('zsh loads the same functions through bashcompinit; fish gets complete lines', async () => {
    const zsh = await runMemctl(['completion', 'zsh'], { env });
    expectOk(zsh);
    expect(zsh.stdout.startsWith('#compdef memctl\n')).toBe(true);
    expect(zsh.stdout).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(zsh.stdout).toContain(bashScript.slice(bashScript.indexOf('_memctl_subcommands() {')));
    const fish = await runMemctl(['completion', 'fish'], { env });
    expectOk(fish);
    expect(fish.stdout).toContain(`complete -c memctl -n "test (__memctl_path) = 'keys'" -a 'scan'`);
    expect(fish.stdout).toContain(`complete -c memctl -n "test (__memctl_path) = 'keys scan'" -l 'match'`);
    expect(fish.stdout).toContain(`complete -c memctl -n "test (__memctl_path) = 'list'" -l 'output' -x -a 'table wide json yaml text ndjson'`);
  });

  it('an unknown shell is refused: exit 2', async () => {
    expectCleanError(await runMemctl(['completion', 'powershell'], { env }), 2, /invalid shell "powershell": expected bash, zsh, fish/);
  });
});
