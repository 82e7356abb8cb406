// @ts-nocheck
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iamAuthToken, iamTokenExpiry, IamTokenProvider, type IamAuthTokenOptions, type IamCredentials } from '../../src/lib/aws/iam-token.js';
import { UsageError } from '../../src/lib/io/errors.js';

const credentials: IamCredentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = new Date('2024-03-05T07:08:09.456Z');
const base: IamAuthTokenOptions = { cluster: 'my-cluster', user: 'app-user', region: 'us-east-1', service: 'memorydb', credentials, now };

/** The token's host and its query parameters, decoded, in the order they appear. */
function parse(token: string): { host: string; path: string; params: [string, string][] } {
  const match = /^([^/?]+)(\/)\?(.*)$/.exec(token);
  if (match === null) throw new Error(`unexpected token shape: ${token}`);
  const params = (match[3] as string).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return [decodeURIComponent(pair.slice(0, eq)), decodeURIComponent(pair.slice(eq + 1))] as [string, string];
  });
  return { host: match[1] as string, path: match[2] as string, params };
}

const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * SigV4 for a presigned GET, written from the AWS specification rather than with the library
 * under test: canonical request → string to sign → derived signing key → HMAC.
 */
function expectedSignature(token: string, secretAccessKey: string): string {
  const { host, path, params } = parse(token);
  const get = (name: string): string => params.find(([k]) => k === name)?.[1] ?? '';
  const amzDate = get('X-Amz-Date');
  const [, date, region, service, terminator] = get('X-Amz-Credential').split('/') as [string, string, string, string, string];
  const canonicalQuery = params
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalRequest = ['GET', path, canonicalQuery, `host:${host}\n`, 'host', sha256Hex('')].join('\n');
  const scope = `${date}/${region}/${service}/${terminator}`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

describe('iamAuthToken', () => {
  it('is a presigned connect URL without the scheme', async () => {
    const token = await iamAuthToken(base);
    expect(token.startsWith('http')).toBe(false);
    const { host, path, params } = parse(token);
    expect(host).toBe('my-cluster');
    expect(path).toBe('/');
    expect(params.map(([k]) => k)).toEqual(['Action', 'User', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature']);
    const get = Object.fromEntries(params);
    expect(get).toMatchObject({
      Action: 'connect',
      User: 'app-user',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDEXAMPLE/20240305/us-east-1/memorydb/aws4_request',
      'X-Amz-Date': '20240305T070809Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
    });
    expect(get['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(token).toContain('X-Amz-Credential=AKIDEXAMPLE%2F20240305%2Fus-east-1%2Fmemorydb%2Faws4_request');
    expect(token).not.toContain('X-Amz-Security-Token');
  });

  it('carries a session token when the credentials have one, and signs it', async () => {
    const token = await iamAuthToken({ ...base, credentials: { ...credentials, sessionToken: 'FwoGZX/session+token==' } });
    expect(token).toContain('&X-Amz-Security-Token=FwoGZX%2Fsession%2Btoken%3D%3D&X-Amz-Signature=');
    const { params } = parse(token);
    expect(Object.fromEntries(params)['X-Amz-Security-Token']).toBe('FwoGZX/session+token==');
    expect(Object.fromEntries(params)['X-Amz-Signature']).toBe(expectedSignature(token, credentials.secretAccessKey));
  });

  it('is deterministic for a fixed time and changes with it', async () => {
    const a = await iamAuthToken(base);
    expect(await iamAuthToken(base)).toBe(a);
    expect(await iamAuthToken({ ...base, now: new Date(now.getTime() + 1000) })).not.toBe(a);
  });

  it.each([
    ['memorydb', base],
    ['elasticache', { ...base, service: 'elasticache' as const, region: 'eu-west-2', cluster: 'my-replication-group' }],
    ['an encoded user', { ...base, user: 'app:user@team/1' }],
    ['a shorter expiry', { ...base, expiresInSeconds: 300 }],
    ['a session token', { ...base, credentials: { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjE+/abc=' } }],
  ])('has a correct SigV4 signature (%s), recomputed independently', async (_label, options) => {
    const token = await iamAuthToken(options);
    const { params } = parse(token);
    const get = Object.fromEntries(params);
    expect(get['X-Amz-Credential']).toBe(`AKIDEXAMPLE/20240305/${options.region}/${options.service}/aws4_request`);
    expect(get['User']).toBe(options.user);
    expect(get['X-Amz-Expires']).toBe(String(options.expiresInSeconds ?? 900));
    expect(get['X-Amz-Signature']).toBe(expectedSignature(token, credentials.secretAccessKey));
    // A different secret gives a different signature, so the check above is not vacuous.
    expect(get['X-Amz-Signature']).not.toBe(expectedSignature(token, 'another-secret'));
  });

  it("matches botocore's presigner byte for byte", async () => {
    // From botocore 1.43 RequestSigner.generate_presigned_url (signing name memorydb, GET
    // http://my-cluster/?Action=connect&User=app-user, expires_in 900) with these credentials.
    const token = await iamAuthToken({
      ...base,
      credentials: { ...credentials, sessionToken: 'tok/en+==' },
      now: new Date('2026-11-23T17:20:47Z'),
    });
    expect(token).toBe(
      'my-cluster/?Action=connect&User=app-user&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIDEXAMPLE%2F20261123%2Fus-east-1%2Fmemorydb%2Faws4_request&X-Amz-Date=20261123T172047Z' +
        '&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=tok%2Fen%2B%3D%3D' +
        '&X-Amz-Signature=2c24f8174e7b6176661b3156343ea1f9041e0bceddc8979ba61f34efc0eaaea1',
    );
  });

  it('signs the cluster name lowercase, as AWS stores it', async () => {
    expect(parse(await iamAuthToken({ ...base, cluster: 'My-Cluster' })).host).toBe('my-cluster');
  });

  it.each([
    [{ ...base, expiresInSeconds: 901 }, /expiry must be 1-900 seconds, got 901/],
    [{ ...base, expiresInSeconds: 0 }, /expiry must be 1-900 seconds, got 0/],
    [{ ...base, expiresInSeconds: 1.5 }, /expiry must be 1-900 seconds, got 1.5/],
    [{ ...base, cluster: ' ' }, /needs a cluster name/],
    [{ ...base, user: '' }, /needs a user name/],
    [{ ...base, region: '' }, /needs a region/],
  ])('refuses bad options (%#)', async (options, pattern) => {
    const err = await iamAuthToken(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).toMatch(pattern);
  });
});

describe('iamTokenExpiry', () => {
  it('is X-Amz-Date plus X-Amz-Expires', async () => {
    expect(iamTokenExpiry(await iamAuthToken(base)).toISOString()).toBe('2024-03-05T07:23:09.000Z');
    expect(iamTokenExpiry(await iamAuthToken({ ...base, expiresInSeconds: 60 })).toISOString()).toBe('2024-03-05T07:09:09.000Z');
  });

  it('refuses something that is not a token', () => {
    expect(() => iamTokenExpiry('my-cluster/?Action=connect')).toThrow(/not an IAM auth token/);
    expect(() => iamTokenExpiry('')).toThrow(UsageError);
  });
});

describe('IamTokenProvider', () => {
  function setup(refreshBeforeMs?: number, expiresInSeconds?: number) {
    const clock = { ms: Date.parse('2024-03-05T07:00:00Z') };
    let credentialCalls = 0;
    const provider = new IamTokenProvider(
      {
        cluster: 'my-cluster',
        user: 'app-user',
        region: 'us-east-1',
        service: 'memorydb',
        expiresInSeconds,
        now: () => new Date(clock.ms),
        credentials: async () => {
          credentialCalls++;
          return { ...credentials, sessionToken: `session-${credentialCalls}` };
        },
      },
      refreshBeforeMs,
    );
    return { provider, clock, calls: () => credentialCalls };
  }

  it('reuses a token until a minute before it expires, then makes a new one', async () => {
    const { provider, clock, calls } = setup();
    const first = await provider.token();
    expect(calls()).toBe(1);
    expect(iamTokenExpiry(first).toISOString()).toBe('2024-03-05T07:15:00.000Z');

    clock.ms += 5 * 60_000;
    expect(await provider.token()).toBe(first);
    clock.ms = Date.parse('2024-03-05T07:13:59.999Z'); // 60.001 s before expiry
    expect(await provider.token()).toBe(first);
    expect(calls()).toBe(1);

    clock.ms = Date.parse('2024-03-05T07:14:00Z'); // exactly 60 s before expiry
    const second = await provider.token();
    expect(second).not.toBe(first);
    expect(calls()).toBe(2);
    expect(second).toContain('X-Amz-Security-Token=session-2');
    expect(iamTokenExpiry(second).toISOString()).toBe('2024-03-05T07:29:00.000Z');
    expect(await provider.token()).toBe(second);
    expect(calls()).toBe(2);
  });

  it('honours a custom margin and expiry', async () => {
    const { provider, clock, calls } = setup(10_000, 120);
    const first = await provider.token();
    clock.ms += 109_999;
    expect(await provider.token()).toBe(first);
    clock.ms += 1;
    expect(await provider.token()).not.toBe(first);
    expect(calls()).toBe(2);
  });

  it('shares one refresh between concurrent callers', async () => {
    const { provider, calls } = setup();
    const tokens = await Promise.all([provider.token(), provider.token(), provider.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(calls()).toBe(1);
  });

  it('tries again after a failed refresh', async () => {
    let fail = true;
    const provider = new IamTokenProvider({
      ...base,
      now: () => now,
      credentials: async () => {
        if (fail) throw new Error('no credentials yet');
        return credentials;
      },
    });
    await expect(provider.token()).rejects.toThrow('no credentials yet');
    fail = false;
    expect(await provider.token()).toBe(await iamAuthToken(base));
  });
});
