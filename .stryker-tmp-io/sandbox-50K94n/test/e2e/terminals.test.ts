// @ts-nocheck
// E2E: progress on the terminals CI gives us. Under a pseudo-terminal of 0 columns (`script`,
// `docker run -t`), with TERM=dumb, with CI=true and through a pipe, a wait prints plain lines with
// no escape code and ends within its --timeout; SIGTERM ends it at once with exit 143. A terminal
// with a width, TERM set and CI unset animates (so the checks above can tell the difference).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, expectOk, MEMCTL_BIN, REPO_ROOT, runMemctl } from '../helpers/cli.js';
import { freePort, tempDir } from '../helpers/local.js';

interface ScriptRun {
  code: number | null;
  /** Everything the command wrote to the terminal. */
  output: string;
  ms: number;
}

const ESC = '\u001b';
let dir: string;
let env: NodeJS.ProcessEnv;
let runs = 0;

/**
 * Runs `command` in a shell under `script` (a pseudo-terminal as CI runners give: 0 columns unless
 * `columns` is set). `onPid` gets memctl's pid once it started (the shell writes it to a file).
 */
function underScript(command: string, extra: NodeJS.ProcessEnv, options: { columns?: number; onPid?: (pid: number) => void; input?: string } = {}): Promise<ScriptRun> {
  const n = ++runs;
  const log = join(dir, `typescript-${n}`);
  const pidFile = join(dir, `pid-${n}`);
  const size = options.columns === undefined ? '' : `stty cols ${options.columns} rows 40; `;
  // exec: memctl takes the shell's pid (and its terminal as stdin, which a background job would not).
  const shell = `${size}echo $$ > ${pidFile}; exec ${MEMCTL_BIN} ${command}`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', shell, log], { cwd: REPO_ROOT, env: { ...env, ...extra }, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    // What the user types, once the prompt had time to show.
    if (options.input !== undefined) setTimeout(() => child.stdin?.write(options.input), 1500);
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let watching: NodeJS.Timeout | undefined;
    if (options.onPid !== undefined) {
      const onPid = options.onPid;
      watching = setInterval(() => {
        try {
          const pid = Number(readFileSync(pidFile, 'utf8'));
          if (pid > 0) {
            clearInterval(watching);
            onPid(pid);
          }
        } catch {
          // not written yet
        }
      }, 50);
    }
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      if (watching !== undefined) clearInterval(watching);
      const text = readFileSync(log, 'utf8');
      // The log's first and last lines are script's own ("Script started/done ...").
      const output = text.split('\n').filter((line) => !/^Script (started|done)/.test(line)).join('\n');
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

beforeAll(async () => {
  dir = tempDir('e2e-terminals');
  // Creation never finishes while these tests run: every wait ends by its --timeout or a signal.
  env = cleanEnv({ MEMCTL_LOCAL_DIR: join(dir, 'local'), MEMCTL_LOCAL_PORT: String(await freePort()), TERM: 'xterm-256color' });
  expectOk(await runMemctl(['local', 'up', '-q', '--create-delay-ms', '600000'], { env }));
});

afterAll(async () => {
  await runMemctl(['local', 'down', '-q'], { env });
});

const wait = (name: string): string => `--local create ${name} --shards 1 --replicas 0 --wait --timeout 2s`;

describe('a wait on a terminal that cannot animate', () => {
  it.each([
    { what: 'a pseudo-terminal of 0 columns', extra: {}, columns: undefined },
    { what: 'TERM=dumb', extra: { TERM: 'dumb' }, columns: 100 },
    { what: 'CI=true', extra: { CI: 'true' }, columns: 100 },
  ])('$what: plain lines, no escape code, exit 5 within --timeout + 2 s', async ({ extra, columns }) => {
    const r = await underScript(wait(`t${runs}`), extra, { columns });
    expect(r.code, r.output).toBe(5);
    expect(r.ms).toBeLessThan(4000);
    expect(r.output).not.toContain(ESC);
    expect(r.output).toMatch(/^waiting for cluster t\d+ to become available\r?$/m);
    expect(r.output).toContain('timed out after 2s');
  });

  it('through a pipe: the same plain lines', async () => {
    const r = await runMemctl(wait('piped').split(' '), { env });
    expect(r.code).toBe(5);
    expect(r.ms).toBeLessThan(4000);
    expect(r.stderr + r.stdout).not.toContain(ESC);
    expect(r.stderr.split('\n')[0]).toBe('waiting for cluster piped to become available');
  });

  it('SIGTERM under a 0-column pseudo-terminal ends the wait at once: exit 143, the operation goes on', async () => {
    let signalled = 0;
    const r = await underScript('--local create sigterm --shards 1 --replicas 0 --wait --timeout 60s', {}, {
      onPid: (pid) => {
        setTimeout(() => {
          signalled = Date.now();
          process.kill(pid, 'SIGTERM');
        }, 1500);
      },
    });
    expect(r.code, r.output).toBe(143);
    expect(signalled).toBeGreaterThan(0);
    expect(Date.now() - signalled).toBeLessThan(2000);
    expect(r.output).toContain('the operation goes on in the service');
    expect(r.output).not.toContain(ESC);
  });
});

describe('a terminal that can animate', () => {
  it('100 columns, TERM set, CI unset: a spinner (escape codes), still exit 5 within --timeout + 2 s', async () => {
    const r = await underScript(wait('animated'), {}, { columns: 100 });
    expect(r.code).toBe(5);
    expect(r.ms).toBeLessThan(4000);
    expect(r.output).toContain(ESC);
  });
});

describe('prompts', () => {
  it('a declined confirmation says "cancelled" and exits 130; nothing was changed', async () => {
    expectOk(await runMemctl(['--local', 'create', 'decline', '--shards', '1', '--replicas', '0'], { env }));
    const r = await underScript('--local delete decline', {}, { columns: 100, input: 'n\r' });
    expect(r.code, r.output).toBe(130);
    expect(r.output).toContain('memctl: cancelled; nothing was changed');
    const left = await runMemctl(['--local', 'describe', 'decline', '-o', 'json', '--query', 'status'], { env });
    expect(JSON.parse(left.stdout)).toBe('creating');
  });
});
