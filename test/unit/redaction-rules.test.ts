// The redaction rules at their edges: which secrets the registry takes (4 characters and more, and
// their JSON-escaped form), which field names redactValue treats as secret and how deep it looks,
// and the text patterns for SigV4 tokens, headers and JSON or inspected secret fields.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redact, redactValue, registerSecret } from '../../src/lib/io/debug.js';

const R = '[REDACTED]';

describe('the secret registry', () => {
  it('takes secrets of 4 characters and more', () => {
    registerSecret('q7Zx');
    expect(redact('[q7Zx]')).toBe(`[${R}]`);
  });

  it('takes a secret as JSON text writes it, quotes and backslashes escaped, leaving the quotes around it', () => {
    const secret = 'pa"ss\\word-9Qx';
    registerSecret(secret);
    expect(redact(JSON.stringify({ note: secret }))).toBe(`{"note":"${R}"}`);
  });
});

describe('redactValue', () => {
  it('redacts fields named like secrets, whole names only, in any case', () => {
    expect(redactValue({ Password: 'a', passwords: ['b'], AuthToken: 'c', auth_token: 'd', SecretAccessKey: 'e', SessionToken: 'f', token: 'g', PasswordHash: 'h', password_hash: 'i', NewPassword: 'j' })).toEqual({
      Password: R,
      passwords: R,
      AuthToken: R,
      auth_token: R,
      SecretAccessKey: R,
      SessionToken: R,
      token: R,
      PasswordHash: R,
      password_hash: R,
      NewPassword: R,
    });
    // Page tokens and counts are not secrets.
    expect(redactValue({ NextToken: 'n', tokenCount: 2, PasswordCount: 1, oldpasswords: 'x' })).toEqual({ NextToken: 'n', tokenCount: 2, PasswordCount: 1, oldpasswords: 'x' });
  });

  it('leaves out a secret field that carries nothing, and keeps nulls elsewhere', () => {
    expect(redactValue({ Password: null, AuthToken: undefined, token: '', Passwords: [], name: null })).toEqual({ name: null });
  });

  it('goes into lists and objects, keeping lists lists, down to 20 levels', () => {
    const redacted = redactValue([{ password: 'x', items: [{ token: 'y' }] }]);
    expect(redacted).toEqual([{ password: R, items: [{ token: R }] }]);
    expect(Array.isArray(redacted)).toBe(true);
    // The object holding the password is 20 levels down: still redacted; one more and it is left as it is.
    const nested = (levels: number): Record<string, unknown> => {
      let value: Record<string, unknown> = { password: 'deep' };
      for (let i = 0; i < levels; i++) value = { a: value };
      return value;
    };
    expect(JSON.stringify(redactValue(nested(20)))).toContain(`"password":"${R}"`);
    expect(JSON.stringify(redactValue(nested(21)))).toContain('"password":"deep"');
    // Lists count as levels too.
    let listed: unknown = { password: 'deep' };
    for (let i = 0; i < 21; i++) listed = [listed];
    expect(JSON.stringify(redactValue(listed))).toContain('"password":"deep"');
  });
});

describe('text patterns', () => {
  it('redacts the security token of a presigned URL up to the next parameter', () => {
    expect(redact('https://s3.amazonaws.com/b/k?X-Amz-Security-Token=FwoGZXIvYXdz%2Fabc&X-Amz-Date=20240101T000000Z')).toBe(`https://s3.amazonaws.com/b/k?X-Amz-Security-Token=${R}&X-Amz-Date=20240101T000000Z`);
    // Through characters a header value would end at.
    expect(redact('?X-Amz-Security-Token=ab,cd}ef&X-Amz-Expires=60')).toBe(`?X-Amz-Security-Token=${R}&X-Amz-Expires=60`);
  });

  it('redacts authorization and security-token headers, with or without spaces around the colon', () => {
    expect(redact('authorization : AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101')).toBe(`authorization : ${R}`);
    expect(redact('{"x-amz-security-token":"FwoGZXIvYXdz","other":1}')).toBe(`{"x-amz-security-token":"${R}","other":1}`);
    expect(redact('Authorization:  AWS4-HMAC-SHA256 Credential=x')).toBe(`Authorization:  ${R}`);
  });

  it('redacts secret fields of JSON, lists with spaces anywhere, and of inspected objects', () => {
    expect(redact('{"Passwords": [ "a-1" , "b-2" ], "UserName": "app"}')).toBe(`{"Passwords": "${R}", "UserName": "app"}`);
    expect(redact('{"Passwords":["a-1", "b-2"]}')).toBe(`{"Passwords":"${R}"}`);
    expect(redact(inspect({ password: 'hunter2-x', user: 'app' }))).toBe(`{ password: "${R}", user: 'app' }`);
  });
});
