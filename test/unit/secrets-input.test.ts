// Secrets in: each source (stdin, file, generated, environment, a hidden prompt), one source at a
// time, what is refused, and that every secret read is registered for redaction at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { redact } from '../../src/lib/io/debug.js';
import { InterruptedError, UsageError } from '../../src/lib/io/errors.js';
import { generatePassword, readAllStdin, readSecret, type SecretFlags, type SecretRequest } from '../../src/lib/io/secrets.js';
import { captureStreams, type CapturedStreams } from '../../src/lib/io/streams.js';

const dir = mkdtempSync(join(tmpdir(), 'memctl-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REQUEST: SecretRequest = {
  label: 'password for user app',
  flagNames: { stdin: '--password-stdin', file: '--password-file', generate: '--generate' },
  envVar: 'MEMCTL_PASSWORD',
  confirm: false,
  required: true,
};

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    return `${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
  return 'no error';
}

describe('generatePassword', () => {
  it('makes 32 characters (or as many as asked) of printable ASCII without quotes, backslash, space, @ or /', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9!#$%&()*+,\-.:;<=>?[\]^_{|}~]{32}$/);
    expect(generatePassword(64)).toHaveLength(64);
    expect(generatePassword(0)).toBe('');
    expect(generatePassword()).not.toBe(a);
    // Over many draws every kind of character turns up.
    const many = Array.from({ length: 50 }, () => generatePassword()).join('');
    for (const kind of [/[A-Z]/, /[a-z]/, /[0-9]/, /[!#$%&()*+,\-.:;<=>?[\]^_{|}~]/]) expect(many).toMatch(kind);
  });
});

describe('readSecret', () => {
  const read = (flags: SecretFlags, env: NodeJS.ProcessEnv = {}, request: Partial<SecretRequest> = {}, io?: CapturedStreams, stdin?: string) =>
    (async () => readSecret(io ?? (await captureStreams()), env, flags, { ...REQUEST, ...request }, stdin === undefined ? undefined : async () => stdin))();

  it('reads stdin, dropping one trailing newline (\\n or \\r\\n) only', async () => {
    expect(await read({ stdin: true }, {}, {}, undefined, 'from-stdin-1\n')).toEqual({ value: 'from-stdin-1', generated: false, source: 'stdin' });
    expect((await read({ stdin: true }, {}, {}, undefined, 'from-stdin-2\r\n'))?.value).toBe('from-stdin-2');
    expect((await read({ stdin: true }, {}, {}, undefined, 'from-stdin-3\n\n'))?.value).toBe('from-stdin-3\n');
    expect((await read({ stdin: true }, {}, {}, undefined, 'from\nstdin-4'))?.value).toBe('from\nstdin-4');
  });

  it('reads the whole of stdin itself when no reader is given', async () => {
    const io = await captureStreams();
    const stdin = io.stdin as PassThrough;
    stdin.write('from-');
    stdin.write(Buffer.from('pipe-é\n'));
    stdin.end();
    expect(await readSecret(io, {}, { stdin: true }, REQUEST)).toEqual({ value: 'from-pipe-é', generated: false, source: 'stdin' });
    const again = await captureStreams();
    (again.stdin as PassThrough).end('a-b');
    expect(await readAllStdin(again)).toBe('a-b');
    // A stdin set to give text gives strings, not bytes.
    const text = await captureStreams();
    text.stdin.setEncoding('utf8');
    (text.stdin as PassThrough).end('é-text');
    expect(await readAllStdin(text)).toBe('é-text');
  });

  it('refuses --password-stdin on a terminal, saying how to pipe it', async () => {
    const io = await captureStreams({ stdin: true });
    expect(await refusal(() => read({ stdin: true }, {}, {}, io, 'x'))).toBe('UsageError: --password-stdin reads the password for user app from a pipe, e.g. `printf %s "$PW" | memctl ... --password-stdin`');
  });

  it('reads a file, dropping one trailing newline; a file it cannot read names the error', async () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'from-a-file-1\n');
    expect(await read({ file })).toEqual({ value: 'from-a-file-1', generated: false, source: 'file' });
    const missing = join(dir, 'none');
    expect(await refusal(() => read({ file: missing }))).toBe(`UsageError: cannot read --password-file ${missing}: ENOENT`);
  });

  it('generates one with --generate, marked to be shown once', async () => {
    const secret = await read({ generate: true });
    expect(secret).toMatchObject({ generated: true, source: 'generated' });
    expect(secret?.value).toHaveLength(32);
  });

  it('takes the environment variable when no flag is given, unless it is empty', async () => {
    expect(await read({}, { MEMCTL_PASSWORD: 'from-the-env' })).toEqual({ value: 'from-the-env', generated: false, source: 'env' });
    expect(await read({ generate: true }, { MEMCTL_PASSWORD: 'from-the-env' })).toMatchObject({ source: 'generated' });
    expect(await read({}, { MEMCTL_PASSWORD: '' }, { required: false })).toBeUndefined();
  });

  it('refuses more than one source flag', async () => {
    expect(await refusal(() => read({ stdin: true, file: 'f' }))).toBe('UsageError: use only one of --password-stdin, --password-file for the password for user app');
    expect(await refusal(() => read({ file: 'f', generate: true }))).toBe('UsageError: use only one of --password-file, --generate for the password for user app');
    expect(await refusal(() => read({ stdin: true, file: 'f', generate: true }))).toBe('UsageError: use only one of --password-stdin, --password-file, --generate for the password for user app');
    expect(await refusal(() => read({ stdin: false, generate: false }, { MEMCTL_PASSWORD: 'x-from-env' }))).toBe('no error');
  });

  it('without any source: undefined when not required, else what to use', async () => {
    expect(await read({}, {}, { required: false })).toBeUndefined();
    expect(await refusal(() => read({}))).toBe('UsageError: no password for user app given: use --password-stdin, --password-file, MEMCTL_PASSWORD, --generate (or run on a terminal to be asked)');
    expect(await refusal(() => read({}, {}, { flagNames: { stdin: '--token-stdin', file: '--token-file' } }))).toBe('UsageError: no password for user app given: use --token-stdin, --token-file, MEMCTL_PASSWORD (or run on a terminal to be asked)');
  });

  it('refuses an empty secret', async () => {
    expect(await refusal(() => read({ stdin: true }, {}, {}, undefined, '\n'))).toBe('UsageError: the password for user app is empty');
  });

  it('registers what it read for redaction before anything can print it', async () => {
    await read({ stdin: true }, {}, {}, undefined, 'registered-secret-value\n');
    expect(redact('AUTH-free text with registered-secret-value in it')).toBe('AUTH-free text with [REDACTED] in it');
  });
});

describe('readSecret on a terminal (a hidden prompt on stderr)', () => {
  /** Answers each prompt with the next line once it is on the terminal. */
  async function prompted(lines: string[], request: Partial<SecretRequest>): Promise<{ result: unknown; err: string }> {
    const io = await captureStreams({ stdin: true, stderr: true });
    // Like process.stderr, which a prompt that ends does not close (pipe() leaves it open).
    const stderr = io.stderr as PassThrough;
    stderr.end = () => stderr;
    const reading = readSecret(io, {}, {}, { ...REQUEST, ...request }).then(
      (s) => s,
      (e: unknown) => e,
    );
    for (const [i, line] of lines.entries()) {
      const question = i === 0 ? 'Password for user app:' : 'Repeat the password for user app:';
      for (let t = 0; t < 400 && !io.err().includes(question); t++) await new Promise((resolve) => setTimeout(resolve, 5));
      (io.stdin as PassThrough).write(line);
    }
    return { result: await reading, err: io.err() };
  }

  it('asks once, with the label as the question, and registers the answer', async () => {
    const { result, err } = await prompted(['typed-at-prompt-1\n'], {});
    expect(result).toEqual({ value: 'typed-at-prompt-1', generated: false, source: 'prompt' });
    expect(err).toContain('? Password for user app:');
    expect(err).not.toContain('typed-at-prompt-1');
    expect(redact('typed-at-prompt-1')).toBe('[REDACTED]');
  });

  it('asks twice for a new secret; entries that differ are refused', async () => {
    const same = await prompted(['typed-at-prompt-2\n', 'typed-at-prompt-2\n'], { confirm: true });
    expect(same.result).toMatchObject({ value: 'typed-at-prompt-2', source: 'prompt' });
    expect(same.err).toContain('Repeat the password for user app:');
    const differ = await prompted(['typed-at-prompt-3\n', 'typed-at-prompt-4\n'], { confirm: true });
    expect(differ.result).toBeInstanceOf(UsageError);
    expect((differ.result as Error).message).toBe('the two password for user app entries differ');
    // The first entry was registered before the second was asked for.
    expect(redact('typed-at-prompt-3')).toBe('[REDACTED]');
  });

  it('Ctrl-C cancels with exit 130; prompt: false never asks', async () => {
    const cancelled = await prompted(['\u0003'], {});
    expect(cancelled.result).toBeInstanceOf(InterruptedError);
    expect((cancelled.result as Error).message).toBe('cancelled; nothing was changed');
    const io = await captureStreams({ stdin: true, stderr: true });
    expect(await readSecret(io, {}, {}, { ...REQUEST, prompt: false, required: false })).toBeUndefined();
    expect(io.err()).toBe('');
  });
});
