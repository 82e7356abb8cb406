// The secret registry and each redaction layer on its own: what registers a secret (every way a
// password or token is read), what redact() does with registered values (in text, JSON, objects,
// errors, overlapping and contained secrets, short ones), and the layers that apply it: --debug
// lines, the top-level error report, and slow-log arguments. End-to-end scans (test/global-setup.ts)
// only say that a secret leaked; these say which layer let it through.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { readAuthToken } from '../../src/commands/options/service.js';
import { resolveTarget } from '../../src/commands/options/target.js';
import { createDebugLog, redact, redactValue, registerSecret } from '../../src/lib/io/debug.js';
import { AuthError, MemctlError, UsageError } from '../../src/lib/io/errors.js';
import { reportError } from '../../src/lib/io/report.js';
import { readSecret, type SecretRequest } from '../../src/lib/io/secrets.js';
import { captureStreams } from '../../src/lib/io/streams.js';
import { MAX_ARG_CHARS, parseEntry, redactArgs } from '../../src/lib/redis/slowlog.js';
import { tempDir } from '../helpers/temp.js';

const R = '[REDACTED]';
const dir = tempDir('redaction');

/** Every value below is unique to its test: the registry is one per process and only grows. */
let counter = 0;
const unique = (label: string): string => `${label}-Secret-${++counter}-${'x'.repeat(8)}!`;

/** A message saying which layer did not redact, for the failure output. */
const leaked = (what: string): string => `${what}: the secret reached the output unredacted`;

function reported(err: unknown, debug = false): { code: number; text: string } {
  let text = '';
  const stderr = { write: (chunk: string) => ((text += chunk), true) };
  const code = reportError({ stderr } as unknown as Parameters<typeof reportError>[0], err, debug);
  return { code, text };
}

const REQUEST: SecretRequest = {
  label: 'password of user app',
  flagNames: { stdin: '--password-stdin', file: '--password-file', generate: '--generate' },
  envVar: 'MEMCTL_TEST_REDACTION_PASSWORD',
  confirm: false,
  required: true,
};

describe('the registry: redact() and registered values', () => {
  it('redacts a registered value wherever it appears in a string, and nothing else', () => {
    const secret = unique('plain');
    registerSecret(secret);
    expect(redact(`a ${secret} b ${secret}${secret} c`)).toBe(`a ${R} b ${R} c`);
    // Close but not the same: a prefix, a changed character, another case.
    const near = [secret.slice(0, -1), secret.replace('plain', 'plaiN'), secret.toUpperCase()];
    for (const text of near) expect(redact(`x ${text} y`), `unregistered ${JSON.stringify(text)} must stay`).toBe(`x ${text} y`);
  });

  it('leaves unregistered values alone, however secret-looking', () => {
    const text = 'user app password-of-someone-else-123 token abc123';
    expect(redact(text)).toBe(text);
  });

  it('ignores values shorter than 4 characters (they would redact ordinary words) but takes 4', () => {
    registerSecret('q9Z');
    registerSecret('');
    registerSecret(undefined);
    expect(redact('q9Z and more')).toBe('q9Z and more');
    registerSecret('Zq9!');
    expect(redact('Zq9! and more')).toBe(`${R} and more`);
  });

  it('leaves no piece of a secret that contains one registered before it', () => {
    const inner = unique('inner');
    const outer = `OUTERHEAD-${inner}-OUTERTAIL`;
    registerSecret(inner);
    registerSecret(outer);
    const out = redact(`see ${outer} here`);
    expect(out, leaked('a secret containing another')).toBe(`see ${R} here`);
  });

  it('leaves no piece of two secrets that overlap', () => {
    const a = `HEADPART-${++counter}-OVERLAP`;
    const b = `OVERLAP-TAILPART-${counter}`;
    registerSecret(a);
    registerSecret(b);
    const joined = `HEADPART-${counter}-OVERLAP-TAILPART-${counter}`;
    const out = redact(`[${joined}]`);
    expect(out, leaked('overlapping secrets')).toBe(`[${R}]`);
    for (const piece of ['HEADPART', 'TAILPART', 'OVERLAP']) expect(out).not.toContain(piece);
  });

  it('redacts a registered value as JSON text writes it (quotes and backslashes escaped)', () => {
    const secret = `quo"te\\back-${++counter}-slash`;
    registerSecret(secret);
    const json = JSON.stringify({ Note: secret });
    expect(json).not.toContain(secret);
    expect(redact(json), leaked('a JSON-escaped secret')).toBe(`{"Note":"${R}"}`);
  });

  it('redacts a registered value inside any object field, whatever its name', async () => {
    const secret = unique('object');
    registerSecret(secret);
    const io = await captureStreams();
    createDebugLog(io, true).log('→ call', { ClusterName: 'demo', Description: `made with ${secret}`, Nested: [{ Value: secret }] });
    expect(io.err(), leaked('a --debug line with an object detail')).toBe(`[debug] → call {"ClusterName":"demo","Description":"made with ${R}","Nested":[{"Value":"${R}"}]}\n`);
  });
});

describe('what registers a secret', () => {
  // Each way a secret is read must register it before anything could print it: a value read here
  // is then looked for with redact().
  it.each([
    ['--password-stdin', async (value: string) => {
      const io = await captureStreams();
      (io.stdin as PassThrough).end(`${value}\n`);
      return readSecret(io, {}, { stdin: true }, REQUEST);
    }],
    ['--password-file', async (value: string) => {
      const file = join(dir, `pw-${counter}`);
      writeFileSync(file, `${value}\n`);
      return readSecret(await captureStreams(), {}, { file }, REQUEST);
    }],
    ['the environment variable', async (value: string) => readSecret(await captureStreams(), { MEMCTL_TEST_REDACTION_PASSWORD: value }, {}, REQUEST)],
    ['a shared stdin (two secrets on two lines)', async (value: string) => readSecret(await captureStreams(), {}, { stdin: true }, REQUEST, async () => value)],
  ])('readSecret registers what it reads from %s', async (source, read) => {
    const value = unique('read');
    const secret = await read(value);
    expect(secret?.value).toBe(value);
    expect(redact(`got ${value}`), `readSecret did not register the secret it read from ${source}: redact() printed it`).toBe(`got ${R}`);
  });

  it('readSecret registers a generated password', async () => {
    const secret = await readSecret(await captureStreams(), {}, { generate: true }, REQUEST);
    expect(secret?.generated).toBe(true);
    const value = secret?.value as string;
    expect(redact(`got ${value}`), 'readSecret did not register the password it generated: redact() printed it').toBe(`got ${R}`);
  });

  it('readAuthToken registers a generated AUTH token and one read from a file', async () => {
    const io = await captureStreams();
    const ctx = { io } as unknown as Context;
    const request = { label: 'AUTH token', flagNames: { stdin: '--auth-token-stdin', file: '--auth-token-file', generate: '--generate-auth-token' }, envVar: 'MEMCTL_TEST_REDACTION_TOKEN', confirm: false, required: true };
    const generated = await readAuthToken(ctx, { generate: true }, request);
    expect(generated?.generated).toBe(true);
    expect(redact(`token ${generated?.value as string}`), 'readAuthToken did not register the token it generated').toBe(`token ${R}`);
    const value = `FileToken${++counter}abcdefghijklmnop`;
    const file = join(dir, `token-${counter}`);
    writeFileSync(file, value);
    expect((await readAuthToken(ctx, { file }, request))?.value).toBe(value);
    expect(redact(`token ${value}`), 'readAuthToken did not register the token it read from a file').toBe(`token ${R}`);
  });

  it('a data-plane target registers the password of its redis:// URL', async () => {
    const io = await captureStreams();
    const ctx = { io, quiet: true, debug: createDebugLog(io, false), service: 'memorydb' } as unknown as Context;
    const password = unique('url');
    const target = await resolveTarget(ctx, `redis://app:${encodeURIComponent(password)}@127.0.0.1:6379`, {});
    expect(await target.credentials?.password()).toBe(password);
    expect(redact(`AUTHed with ${password}`), 'resolveTarget did not register the password of the URL').toBe(`AUTHed with ${R}`);
  });
});

describe('layer: the top-level error report', () => {
  it('redacts a registered secret in the message, the hint and (with --debug) the cause', () => {
    const secret = unique('report');
    registerSecret(secret);
    const cause = new Error(`socket said ${secret}`);
    const r = reported(new MemctlError(`login with ${secret} failed`, 1, { hint: `try ${secret} again`, cause }), true);
    expect(r.code).toBe(1);
    expect(r.text, leaked('reportError')).not.toContain(secret);
    expect(r.text.split('\n').slice(0, 2)).toEqual([`memctl: login with ${R} failed`, `  hint: try ${R} again`]);
    expect(r.text).toContain(`Error: socket said ${R}`);
  });

  it('redacts one in an error that is not memctl\'s, with its stack under --debug', () => {
    const secret = unique('plain-error');
    registerSecret(secret);
    const r = reported(new Error(`unexpected ${secret}`), true);
    expect(r.code).toBe(1);
    expect(r.text, leaked('reportError (stack)')).not.toContain(secret);
    expect(r.text.startsWith(`memctl: unexpected ${R}\nError: unexpected ${R}\n`)).toBe(true);
  });

  it('redacts a secret holding control characters after they are escaped for the terminal', () => {
    const secret = `ctl\u0007bell-${++counter}-\u001b[2Jsecret`;
    registerSecret(secret);
    const r = reported(new AuthError(`refused ${secret}`));
    expect(r.text, leaked('reportError (control characters escaped)')).toBe(`memctl: refused ${R}\n`);
  });

  it('leaves a message without secrets as it was', () => {
    expect(reported(new UsageError('invalid --shards "x"')).text).toBe('memctl: invalid --shards "x"\n');
  });
});

describe('layer: redactValue (the objects --debug logs)', () => {
  it.each(['Password', 'passwords', 'AuthToken', 'auth_token', 'SecretAccessKey', 'SessionToken', 'token', 'password_hash', 'passwordhash', 'NewPassword'])('replaces a %s field that carries a value', (key) => {
    expect(redactValue({ Name: 'n', [key]: 'v4lue-here' })).toEqual({ Name: 'n', [key]: R });
  });

  it('walks arrays and nested objects, keeps dates and bytes, and stops at a depth bound', () => {
    const when = new Date(0);
    const bytes = new Uint8Array([1, 2]);
    expect(redactValue([{ a: { Password: 'x1x1' } }, when, bytes])).toEqual([{ a: { Password: R } }, when, bytes]);
    let deep: Record<string, unknown> = { Password: 'bottom' };
    for (let i = 0; i < 30; i++) deep = { next: deep };
    // No stack overflow on deep values; the depth bound only limits the walk.
    expect(() => redactValue(deep)).not.toThrow();
  });

  it('leaves fields with other names alone (the registry catches their values)', () => {
    expect(redactValue({ PasswordCount: 2, TokenExpiry: 'soon', Description: 'd' })).toEqual({ PasswordCount: 2, TokenExpiry: 'soon', Description: 'd' });
  });
});

describe('layer: slow-log arguments', () => {
  const node = { id: 'abcdef', address: '127.0.0.1', port: 6379, role: 'primary' as const };

  it.each([
    [['AUTH', 'app', 'pw-1'], ['AUTH', R, R]],
    [['auth', 'pw-1'], ['auth', R]],
    [['HELLO', '3', 'AUTH', 'app', 'pw-1', 'SETNAME', 'x'], ['HELLO', '3', 'AUTH', R, R, 'SETNAME', 'x']],
    [['MIGRATE', 'h', '1', '', '0', '10', 'AUTH', 'pw-1', 'KEYS', 'k'], ['MIGRATE', 'h', '1', '', '0', '10', 'AUTH', R, 'KEYS', 'k']],
    [['MIGRATE', 'h', '1', '', '0', '10', 'AUTH2', 'u', 'pw-1', 'KEYS', 'k'], ['MIGRATE', 'h', '1', '', '0', '10', 'AUTH2', R, R, 'KEYS', 'k']],
    [['ACL', 'SETUSER', 'app', 'on', '>pw-1', '#abc', '~*'], ['ACL', 'SETUSER', 'app', 'on', `>${R}`, `#${R}`, '~*']],
    [['CONFIG', 'SET', 'requirepass', 'pw-1', 'maxmemory', '1'], ['CONFIG', 'SET', 'requirepass', R, 'maxmemory', '1']],
    [['GET', 'AUTH'], ['GET', 'AUTH']],
  ])('redactArgs(%j) → %j', (args, expected) => {
    expect(redactArgs(args)).toEqual(expected);
  });

  it('redacts a registered secret inside any argument before cutting it, so no half of it shows', () => {
    const secret = `${'s'.repeat(MAX_ARG_CHARS - 10)}-${unique('slowlog')}`;
    registerSecret(secret);
    const entry = parseEntry(['1', '1700000000', '12', ['SET', 'k', `prefix-${secret}`], '127.0.0.1:5000', 'cli'], node);
    expect(entry?.args, leaked('the slow log')).toEqual(['SET', 'k', `prefix-${R}`]);
    expect(entry?.command).not.toContain('ssssssssss');
  });
});
