// Known answers from a real redis-server: memctl's key-slot hashing against CLUSTER KEYSLOT, and
// both access-string parsers (the CLI's and the local control plane's) against what ACL SETUSER
// accepts, refuses and makes of a rule set. Inputs are generated deterministically (a seeded
// generator), so a failure names inputs that fail again on the next run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAccessString } from '../../src/lib/control/access-string.js';
import { parseAccessString as planeParseAccessString } from '../../src/lib/local/api/shared/access-strings.js';
import { accessRules } from '../../src/lib/local/engine/access/node-users.js';
import { keySlot } from '../../src/lib/redis/slot.js';
import { startStandalone, type StandaloneServer } from '../helpers/keys-data.js';

/** mulberry32: a small seeded generator, so the inputs are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let server: StandaloneServer;

beforeAll(async () => {
  // CLUSTER KEYSLOT needs cluster mode; no slots need to be assigned for it to answer.
  server = await startStandalone(['--cluster-enabled', 'yes']);
});

afterAll(async () => {
  await server?.stop();
});

/** Shows a key so a failure can be reproduced: as text when it is printable ASCII, else hex. */
function showKey(key: Buffer): string {
  const printable = key.length <= 60 && [...key].every((b) => b >= 0x20 && b < 0x7f);
  return printable ? JSON.stringify(key.toString('latin1')) : `hex ${key.subarray(0, 40).toString('hex')}${key.length > 40 ? `... (${key.length} bytes)` : ''}`;
}

/** Keys that exercise every rule of hash tags, plus thousands of generated ones. */
function keysToHash(): Array<{ bytes: Buffer; text?: string }> {
  const keys: Array<{ bytes: Buffer; text?: string }> = [];
  const text = (s: string): void => void keys.push({ bytes: Buffer.from(s, 'utf8'), text: s });
  const bytes = (b: Buffer): void => void keys.push({ bytes: b });
  const random = seeded(22);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const ascii = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(int(0x20, 0x7e))).join('');
  const tagFree = (n: number): string => ascii(n).replace(/[{}]/g, '_');

  // The rules one by one: empty tags hash the whole key, the first "{" pairs with the first "}" after it.
  for (const k of ['', 'a', '123456789', '{}foo', 'foo{}', '{}', '{}{a}', '{a}{b}', 'x{a}y{b}', '{{a}}', '{a{b}c}', '}{a}', '{a}}', '{{}}', '{}}', '{{}', 'foo{bar', 'foo}bar{', '{', '}', '}{', '{user1000}.following', '{user1000}.followers', 'a{b}c', '{ }', '{\u0000}']) {
    text(k);
  }
  const utf8 = ['é', 'ü', '中', '文', '🔑', 'Ω', 'ß', '\u00a0', '\u2028', 'Ä'];
  for (let i = 0; i < 4000; i++) {
    switch (i % 8) {
      case 0: // plain printable ASCII, braces included at random
        text(ascii(int(1, 40)));
        break;
      case 1: // one tag, sometimes empty
        text(`${tagFree(int(0, 8))}{${random() < 0.2 ? '' : tagFree(int(1, 12))}}${ascii(int(0, 10))}`);
        break;
      case 2: // binary: every byte value, with braces, NUL and 0xff more likely
        bytes(Buffer.from(Array.from({ length: int(1, 30) }, () => (random() < 0.3 ? pick([0x7b, 0x7d, 0x00, 0xff]) : int(0, 255)))));
        break;
      case 3: // non-ASCII UTF-8 with braces
        text(Array.from({ length: int(1, 12) }, () => (random() < 0.25 ? pick(['{', '}']) : pick(utf8))).join(''));
        break;
      case 4: // nested and unbalanced braces
        text(Array.from({ length: int(1, 14) }, () => pick(['{', '}', '{', '}', 'a', 'b', 'c'])).join(''));
        break;
      case 5: // several tags: only the first counts
        text(`${tagFree(int(0, 4))}{${tagFree(int(0, 6))}}${tagFree(int(0, 4))}{${tagFree(int(1, 6))}}${tagFree(int(0, 4))}`);
        break;
      case 6: // "{" without a "}" after it
        text(random() < 0.5 ? `${tagFree(int(0, 10))}{${tagFree(int(0, 10))}` : `${tagFree(int(0, 6))}}${tagFree(int(0, 6))}{${tagFree(int(0, 6))}`);
        break;
      default: // long keys, a tag at either end or none
        text(`${random() < 0.3 ? `{${tagFree(int(0, 5))}}` : ''}${ascii(int(200, 5000))}${random() < 0.3 ? `{${tagFree(int(0, 5))}}` : ''}`);
    }
  }
  // Very long keys: a tag far into the key, and none.
  text(`${'k'.repeat(70_000)}{deep-tag}`);
  text('z'.repeat(300_000));
  return keys;
}

describe('key slots: keySlot against CLUSTER KEYSLOT', () => {
  it('agrees with redis-server on every generated key (hash tags, empty tags, nested braces, binary, long)', async () => {
    const keys = keysToHash();
    expect(keys.length).toBeGreaterThan(4000);
    const pipeline = server.client.pipeline();
    for (const key of keys) pipeline.call('CLUSTER', 'KEYSLOT', key.bytes);
    const replies = (await pipeline.exec()) ?? [];
    expect(replies).toHaveLength(keys.length);
    const wrong: string[] = [];
    keys.forEach((key, i) => {
      const [error, slot] = replies[i] ?? [new Error('no reply'), undefined];
      if (error) throw new Error(`CLUSTER KEYSLOT ${showKey(key.bytes)} failed: ${error.message}`);
      const fromBytes = keySlot(key.bytes);
      const fromText = key.text === undefined ? fromBytes : keySlot(key.text);
      if (fromBytes !== slot || fromText !== slot) wrong.push(`${showKey(key.bytes)}: keySlot says ${fromBytes}${fromText === fromBytes ? '' : ` (as a string: ${fromText})`}, redis-server says ${String(slot)}`);
    });
    expect(wrong.length, `${wrong.length} of ${keys.length} keys hash to another slot than redis-server's:\n${wrong.slice(0, Number(process.env.KA_SHOW ?? 15)).join('\n')}`).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Access strings.

/**
 * A unit of an access string: one rule, or a whole selector. `policy` says which parser refuses it
 * on purpose although Redis takes it (and why): those are the only allowed differences.
 */
interface Unit {
  text: string;
  policy?: { cli?: string; plane?: string };
}

const PASSWORD_RULE = 'passwords are set apart from access strings (never in them)';
const NEVER_MEANT = 'valid in Redis but never what anyone meant (the CLI says so before a round trip)';
const both = (why: string): Unit['policy'] => ({ cli: why, plane: why });

/** Rules Redis takes (alone; some combinations it refuses, such as a key pattern after allkeys). */
const TAKEN: Unit[] = [
  ...['on', 'off', 'ON', 'Off', '~*', '~app:*', '~a(b)', '~x|y', '~a)', '%R~cache:*', '%W~log:*', '%RW~s:*', '%wr~x', '%R~*', '%RW~*', '&*', '&news.*'].map((text) => ({ text })),
  ...['allkeys', 'resetkeys', 'allchannels', 'resetchannels', 'allcommands', 'nocommands', 'ALLKEYS'].map((text) => ({ text })),
  ...['+@all', '-@all', '+@read', '+@Read', '-@dangerous', '+@WRITE', '+get', '+GET', '-flushall', '+client|list', '+CLIENT|LIST', '-config|set', '+select|0', '+acl|whoami', '-client|kill', '+client', '+get|foo'].map((text) => ({ text })),
  ...['sanitize-payload', 'skip-sanitize-payload'].map((text) => ({ text })),
  ...['(~foo +get)', '(  ~foo  +get )', '(%R~a:* +@read)', '(~x +select|0)', '(allkeys +@read)', '(~a ~*)', '(+client|kill)', '(~a))', '(&* +subscribe)'].map((text) => ({ text })),
];

const UNITS: Unit[] = [
  ...TAKEN,
  // Rules Redis refuses.
  ...['+fooo', '+@fooo', '-@', '+', '+|get', '+client|', '+client|lsit', '+config|get|maxmemory', '-select|0', '+@read|get', '%~a', '%RR~a', '%RX~a', 'keys', '|get', '+get*', '+select|abc|d'].map((text) => ({ text })),
  ...['(~a', '(on ~a)', '(~a (~b))', '~a b)', 'foo)', '(-select|0)', '(allkeys ~a)', '((~a))', '(off)'].map((text) => ({ text })),
  // Refused on purpose although Redis takes them.
  { text: '>p4ssw0rd-long-enough', policy: both(PASSWORD_RULE) },
  { text: '<p4ssw0rd-long-enough', policy: both(PASSWORD_RULE) },
  { text: `#${'5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8'}`, policy: both(PASSWORD_RULE) },
  { text: 'nopass', policy: both(PASSWORD_RULE) },
  { text: 'resetpass', policy: both(PASSWORD_RULE) },
  { text: '(~a nopass)', policy: both(PASSWORD_RULE) },
  { text: 'reset', policy: both('MemoryDB forbids "reset": an access string always replaces the whole rule set') },
  { text: 'clearselectors', policy: { cli: 'an access string replaces the whole rule set: there are no earlier selectors to clear' } },
  { text: '~', policy: both(NEVER_MEANT) },
  { text: '&', policy: both(NEVER_MEANT) },
  { text: '%R~', policy: both(NEVER_MEANT) },
  { text: '%R', policy: both(NEVER_MEANT) }, // an empty pattern too, for Redis
  { text: '()', policy: { cli: NEVER_MEANT } },
  { text: '( )', policy: { cli: NEVER_MEANT } },
];

/** Every unit after "on", then generated combinations of one to five units. */
function accessStrings(): Array<{ text: string; units: Unit[] }> {
  const out: Array<{ text: string; units: Unit[] }> = UNITS.map((u) => ({ text: `on ${u.text}`, units: [u] }));
  const random = seeded(2022);
  for (let i = 0; i < 900; i++) {
    const n = 1 + Math.floor(random() * 5);
    // Mostly rules Redis takes, so that combinations (a pattern after allkeys, say) decide the verdict.
    const units = Array.from({ length: n }, () => {
      const from = random() < 0.85 ? TAKEN : UNITS;
      return from[Math.floor(random() * from.length)] as Unit;
    });
    out.push({ text: units.map((u) => u.text).join(random() < 0.1 ? '  ' : ' '), units });
  }
  return out;
}

type Verdict = { ok: true } | { ok: false; error: string };

function verdictOf(fn: () => unknown): Verdict {
  try {
    fn();
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

/** ACL SETUSER for each user (its rules as separate arguments, as the nodes get them), in one round. */
async function setUsers(users: Array<{ name: string; args: string[] }>): Promise<Verdict[]> {
  const pipeline = server.client.pipeline();
  for (const u of users) pipeline.call('ACL', 'SETUSER', u.name, ...u.args);
  const replies = (await pipeline.exec()) ?? [];
  return users.map((_, i) => {
    const [error] = replies[i] ?? [new Error('no reply')];
    return error ? { ok: false, error: error.message } : { ok: true };
  });
}

/** ACL LIST as user name → its rules. */
async function aclList(): Promise<Map<string, string>> {
  const lines = (await server.client.call('ACL', 'LIST')) as string[];
  return new Map(lines.map((line) => {
    const [, name = '', rules = ''] = /^user (\S+) ?(.*)$/.exec(line) ?? [];
    return [name, rules];
  }));
}

describe('access strings: both parsers against ACL SETUSER', () => {
  const strings = accessStrings();
  const redisArgs = (text: string): string[] => text.trim().split(/\s+/).filter((w) => w !== '');
  let redis: Verdict[] = [];
  let acl = new Map<string, string>();

  beforeAll(async () => {
    redis = await setUsers(strings.map((s, i) => ({ name: `raw${i}`, args: redisArgs(s.text) })));
    acl = await aclList();
  });

  it('the generated set has strings redis-server takes and strings it refuses', () => {
    const taken = redis.filter((v) => v.ok).length;
    expect(strings.length).toBeGreaterThan(900);
    expect(taken).toBeGreaterThan(200);
    expect(strings.length - taken).toBeGreaterThan(100);
  });

  for (const parser of ['cli', 'plane'] as const) {
    it(`${parser === 'cli' ? 'the CLI (validateAccessString)' : 'the local control plane (CreateUser/UpdateUser)'} refuses what redis-server refuses and takes what it takes, but for its stated policy`, () => {
      const wrong: string[] = [];
      strings.forEach((s, i) => {
        const ours = verdictOf(() => (parser === 'cli' ? validateAccessString(s.text) : planeParseAccessString(s.text)));
        const policy = s.units.map((u) => u.policy?.[parser]).find((why) => why !== undefined);
        const server = redis[i] as Verdict;
        const expected = policy === undefined ? server.ok : false;
        if (ours.ok !== expected) {
          const said = (v: Verdict): string => (v.ok ? 'takes it' : `refuses it (${v.error})`);
          wrong.push(`${JSON.stringify(s.text)}: redis-server ${said(server)}; ours ${said(ours)}${policy === undefined ? '' : `; expected a refusal: ${policy}`}`);
        }
      });
      expect(wrong.length, `${wrong.length} of ${strings.length} access strings judged unlike redis-server:\n${wrong.slice(0, Number(process.env.KA_SHOW ?? 15)).join('\n')}`).toBe(0);
    });
  }

  it('what the CLI normalises and what the plane sends the nodes mean to redis-server what the string means', async () => {
    const taken = strings.flatMap((s, i) => {
      const cli = verdictOf(() => validateAccessString(s.text));
      const plane = verdictOf(() => planeParseAccessString(s.text));
      return (redis[i] as Verdict).ok ? [{ i, s, cli: cli.ok ? validateAccessString(s.text) : undefined, plane: plane.ok ? accessRules(s.text) : undefined }] : [];
    });
    const users = taken.flatMap((t) => [
      ...(t.cli === undefined ? [] : [{ name: `cli${t.i}`, args: redisArgs(t.cli) }]),
      // The plane gives each rule (a whole selector included) as one argument.
      ...(t.plane === undefined ? [] : [{ name: `plane${t.i}`, args: t.plane }]),
    ]);
    const verdicts = await setUsers(users);
    const refused = users.flatMap((u, k) => ((verdicts[k] as Verdict).ok ? [] : [`${u.name}: ${u.args.join(' ')}: ${(verdicts[k] as { error: string }).error}`]));
    expect(refused.length, `redis-server refuses what our parsers made of strings it takes:\n${refused.slice(0, 10).join('\n')}`).toBe(0);
    const after = await aclList();
    const wrong: string[] = [];
    let compared = 0;
    for (const t of taken) {
      const original = acl.get(`raw${t.i}`);
      for (const [who, rules] of [['cli', t.cli], ['plane', t.plane?.join(' ')]] as const) {
        if (rules === undefined) continue;
        compared++;
        const ours = after.get(`${who}${t.i}`);
        if (ours !== original) wrong.push(`${JSON.stringify(t.s.text)} → ${who} ${JSON.stringify(rules)}: redis-server lists ${JSON.stringify(ours)}, the string itself gives ${JSON.stringify(original)}`);
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(wrong.length, `${wrong.length} rule sets differ from the string they came from:\n${wrong.slice(0, Number(process.env.KA_SHOW ?? 15)).join('\n')}`).toBe(0);
  });
});
