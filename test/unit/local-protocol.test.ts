import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/lib/local/api/shared/pagination.js';
import { FAULT_KINDS, FaultInjector, NO_FAULTS, parseFaultSpec, type FaultKind } from '../../src/lib/local/http/faults.js';
import { jsonErrorBody, parseJsonBody } from '../../src/lib/local/http/json-protocol.js';
import { bool, epochSeconds, int, requiredStr, str, strList, tagList } from '../../src/lib/local/api/shared/json-input.js';
import { ApiError, invalidParameter } from '../../src/lib/local/api/shared/errors.js';

function apiError(fn: () => unknown): ApiError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an ApiError').toBeInstanceOf(ApiError);
  return caught as ApiError;
}

interface Item {
  name: string;
}

const SEVEN: Item[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => ({ name }));
const keyOf = (item: Item): string => item.name;

/** Walks every page with the given size; `between` may change the list after each page. */
function walk(items: Item[], size: number, between?: (pageIndex: number, list: Item[]) => void): { seen: string[]; pages: string[][] } {
  const seen: string[] = [];
  const pages: string[][] = [];
  let token: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = paginate(items, keyOf, size, token);
    pages.push(page.items.map(keyOf));
    seen.push(...page.items.map(keyOf));
    token = page.nextToken;
    if (token === undefined) return { seen, pages };
    between?.(i, items);
  }
  throw new Error('pagination did not end');
}

describe('paginate', () => {
  it.each([
    [1, 7],
    [2, 4],
    [3, 3],
    [7, 1],
    [100, 1],
  ])('pages of %i over 7 items visit every item once, in order, in %i pages', (size, pageCount) => {
    const { seen, pages } = walk([...SEVEN], size);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(pages).toHaveLength(pageCount);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(size);
  });

  it('gives exact pages of 3', () => {
    expect(walk([...SEVEN], 3).pages).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('gives no token when the last page is exactly full', () => {
    const six = SEVEN.slice(0, 6);
    const first = paginate(six, keyOf, 3, undefined);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = paginate(six, keyOf, 3, first.nextToken);
    expect(second.items.map(keyOf)).toEqual(['d', 'e', 'f']);
    expect(second.nextToken).toBeUndefined();
  });

  it('defaults to 100 per page and treats an empty token as the start', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ name: `n${String(i).padStart(3, '0')}` }));
    const first = paginate(many, keyOf, undefined, '');
    expect(first.items).toHaveLength(100);
    expect(first.items[0]?.name).toBe('n000');
    const second = paginate(many, keyOf, undefined, first.nextToken);
    expect(second.items.map(keyOf)).toEqual(many.slice(100).map(keyOf));
    expect(second.nextToken).toBeUndefined();
  });

  it('resumes after the item the token names, even when that item and everything after it are gone', () => {
    const first = paginate(SEVEN, keyOf, 3, undefined);
    // c (the last item given) and all that follows are deleted: nothing is left after it.
    expect(paginate(SEVEN.slice(0, 2), keyOf, 100, first.nextToken)).toEqual({ items: [], nextToken: undefined });
    // a to c are deleted: the page starts with the first item after c.
    expect(paginate(SEVEN.slice(3), keyOf, 2, first.nextToken).items.map(keyOf)).toEqual(['d', 'e']);
    // Only items after c are left, and the token of a page names the last item given (URL-safe).
    const rest = paginate(SEVEN.slice(5), keyOf, 1, first.nextToken);
    expect(rest.items.map(keyOf)).toEqual(['f']);
    expect(rest.nextToken).toBe(Buffer.from('{"after":"f"}').toString('base64url'));
  });

  it('returns an empty page with no token for an empty list', () => {
    expect(paginate([], keyOf, 10, undefined)).toEqual({ items: [], nextToken: undefined });
  });

  it.each([0, 101, -1, 1.5, Number.NaN])('rejects MaxResults %d with InvalidParameterValueException', (max) => {
    const err = apiError(() => paginate(SEVEN, keyOf, max, undefined));
    expect(err.code).toBe('InvalidParameterValueException');
    expect(err.status).toBe(400);
    expect(err.message).toBe('MaxResults must be between 1 and 100');
  });

  it('honours custom limits', () => {
    expect(paginate(SEVEN, keyOf, 5, undefined, { max: 5 }).items).toHaveLength(5);
    expect(apiError(() => paginate(SEVEN, keyOf, 6, undefined, { max: 5 })).message).toBe('MaxResults must be between 1 and 5');
  });

  it.each([
    'garbage!!',
    'abc',
    Buffer.from('not json').toString('base64url'),
    Buffer.from('{"after":1}').toString('base64url'),
    Buffer.from('{"before":"a"}').toString('base64url'),
    Buffer.from('null').toString('base64url'),
  ])('rejects the garbage NextToken %j', (token) => {
    const err = apiError(() => paginate(SEVEN, keyOf, 2, token));
    expect(err.code).toBe('InvalidParameterValueException');
    expect(err.message).toBe('NextToken is not valid');
  });

  it('does not skip or repeat when the last returned item is deleted between pages', () => {
    const items = [...SEVEN];
    const { seen } = walk(items, 3, (i, list) => {
      if (i === 0) list.splice(list.findIndex((x) => x.name === 'c'), 1);
    });
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('does not skip or repeat when an already-seen item is deleted between pages', () => {
    const items = [...SEVEN];
    const { seen } = walk(items, 2, (i, list) => {
      if (i === 1) list.splice(0, 2); // drop a and b after the second page
    });
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('skips only the deleted item when a not-yet-seen item is deleted', () => {
    const items = [...SEVEN];
    const { seen } = walk(items, 2, (i, list) => {
      if (i === 0) list.splice(list.findIndex((x) => x.name === 'e'), 1);
    });
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'f', 'g']);
  });

  it('picks up an item created after the token position', () => {
    const items = [...SEVEN];
    const { seen } = walk(items, 3, (i, list) => {
      if (i === 0) list.splice(4, 0, { name: 'dd' }); // sorted: a b c d dd e f g
    });
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'dd', 'e', 'f', 'g']);
  });

  it('returns an empty last page when everything after the token was deleted', () => {
    const items = [...SEVEN];
    const first = paginate(items, keyOf, 3, undefined);
    items.splice(3);
    expect(paginate(items, keyOf, 3, first.nextToken)).toEqual({ items: [], nextToken: undefined });
  });
});

describe('FaultInjector', () => {
  function run(injector: FaultInjector, n: number): Array<FaultKind | undefined> {
    return Array.from({ length: n }, () => injector.next());
  }

  it('rate 0 never faults', () => {
    const f = new FaultInjector({ rate: 0, kinds: ['throttling'] });
    expect(run(f, 1000).filter((k) => k !== undefined)).toHaveLength(0);
    expect(f.injected).toBe(0);
    expect(run(new FaultInjector(), 10).every((k) => k === undefined)).toBe(true);
  });

  it('rate 0.5 faults exactly every second request, never two in a row', () => {
    const f = new FaultInjector({ rate: 0.5, kinds: ['throttling'] });
    const results = run(f, 100);
    expect(results.filter((k) => k !== undefined)).toHaveLength(50);
    results.forEach((k, i) => expect(k).toBe(i % 2 === 1 ? 'throttling' : undefined));
    for (let i = 1; i < results.length; i++) expect(results[i] !== undefined && results[i - 1] !== undefined).toBe(false);
    expect(f.injected).toBe(50);
  });

  it('rate 1 always faults', () => {
    const f = new FaultInjector({ rate: 1, kinds: ['server-error'] });
    expect(run(f, 100)).toEqual(Array(100).fill('server-error'));
    expect(f.injected).toBe(100);
  });

  it('rate 0.3 gives 30±1 faults in 100 requests, never two in a row', () => {
    const results = run(new FaultInjector({ rate: 0.3, kinds: ['throttling'] }), 100);
    const faults = results.filter((k) => k !== undefined).length;
    expect(faults).toBeGreaterThanOrEqual(29);
    expect(faults).toBeLessThanOrEqual(31);
    for (let i = 1; i < results.length; i++) expect(results[i] !== undefined && results[i - 1] !== undefined).toBe(false);
  });

  it.each([0.1, 0.25, 0.2, 0.7, 0.9])('rate %d gives round(rate*1000)±1 faults in 1000', (rate) => {
    const faults = run(new FaultInjector({ rate, kinds: ['throttling'] }), 1000).filter((k) => k !== undefined).length;
    expect(Math.abs(faults - rate * 1000)).toBeLessThanOrEqual(1);
  });

  it('rotates kinds round-robin', () => {
    const f = new FaultInjector({ rate: 1, kinds: ['throttling', 'server-error', 'rate-exceeded'] });
    expect(run(f, 7)).toEqual(['throttling', 'server-error', 'rate-exceeded', 'throttling', 'server-error', 'rate-exceeded', 'throttling']);
  });

  it('rotates kinds over the faulted requests only', () => {
    const f = new FaultInjector({ rate: 0.5, kinds: ['throttling', 'rate-exceeded'] });
    expect(run(f, 8)).toEqual([undefined, 'throttling', undefined, 'rate-exceeded', undefined, 'throttling', undefined, 'rate-exceeded']);
  });

  it('set() replaces the config and restarts the pattern; current is a copy', () => {
    const f = new FaultInjector({ rate: 0.5, kinds: ['throttling', 'server-error'] });
    f.next();
    f.set({ rate: 0.5, kinds: ['rate-exceeded'] });
    expect(run(f, 2)).toEqual([undefined, 'rate-exceeded']);
    const current = f.current;
    expect(current).toEqual({ rate: 0.5, kinds: ['rate-exceeded'] });
    current.kinds.push('throttling');
    expect(f.current.kinds).toEqual(['rate-exceeded']);
  });

  it('copies the kinds it is given', () => {
    const kinds: FaultKind[] = ['throttling'];
    const f = new FaultInjector({ rate: 1, kinds });
    kinds[0] = 'server-error';
    expect(f.next()).toBe('throttling');
  });

  it.each([-0.1, 1.01, 2, Number.NaN, Number.POSITIVE_INFINITY])('rejects rate %d', (rate) => {
    expect(() => new FaultInjector({ rate, kinds: ['throttling'] })).toThrow(`fault rate must be between 0 and 1, got ${rate}`);
  });

  it('rejects empty or unknown kinds', () => {
    expect(() => new FaultInjector({ rate: 0.5, kinds: [] })).toThrow('fault kinds must be some of throttling, server-error, rate-exceeded');
    expect(() => new FaultInjector({ rate: 0.5, kinds: ['throttling', 'explode' as FaultKind] })).toThrow('fault kinds must be some of throttling, server-error, rate-exceeded');
  });

  it('keeps the previous config after a rejected set()', () => {
    const f = new FaultInjector({ rate: 1, kinds: ['throttling'] });
    expect(() => f.set({ rate: 5, kinds: ['throttling'] })).toThrow();
    expect(f.current).toEqual({ rate: 1, kinds: ['throttling'] });
  });

  it('has the documented kinds and a no-fault default', () => {
    expect(FAULT_KINDS).toEqual(['throttling', 'server-error', 'rate-exceeded']);
    expect(NO_FAULTS.rate).toBe(0);
    expect(new FaultInjector().current).toEqual({ rate: 0, kinds: ['throttling'] });
  });
});

describe('parseFaultSpec', () => {
  it('parses a rate and a comma-separated list of kinds', () => {
    expect(parseFaultSpec('0.25', 'throttling, rate-exceeded')).toEqual({ rate: 0.25, kinds: ['throttling', 'rate-exceeded'] });
    expect(parseFaultSpec('1', 'server-error,')).toEqual({ rate: 1, kinds: ['server-error'] });
    expect(parseFaultSpec('0', 'throttling')).toEqual({ rate: 0, kinds: ['throttling'] });
  });

  it.each([
    ['abc', 'throttling'],
    ['1.5', 'throttling'],
    ['-1', 'throttling'],
    ['0.5', ''],
    ['0.5', ' , '],
    ['0.5', 'nope'],
    ['0.5', 'throttling,nope'],
  ])('rejects rate %j with kinds %j', (rate, kinds) => {
    expect(() => parseFaultSpec(rate, kinds)).toThrow(/^fault (rate|kinds) must be/);
  });
});

describe('json-protocol', () => {
  it('parseJsonBody: empty → {}', () => {
    expect(parseJsonBody('')).toEqual({});
    expect(parseJsonBody('  \n')).toEqual({});
    expect(parseJsonBody('{"ClusterName":"demo","MaxResults":5}')).toEqual({ ClusterName: 'demo', MaxResults: 5 });
  });

  it.each(['{', 'not json', "{'a':1}", '{"a":1,}'])('parseJsonBody rejects invalid JSON %j with SerializationException', (body) => {
    const err = apiError(() => parseJsonBody(body));
    expect(err.code).toBe('SerializationException');
    expect(err.status).toBe(400);
    expect(err.message).toBe('request body is not valid JSON');
  });

  it.each(['[]', '[{"a":1}]', 'null', '42', '"text"', 'true'])('parseJsonBody rejects the non-object %j with SerializationException', (body) => {
    const err = apiError(() => parseJsonBody(body));
    expect(err.code).toBe('SerializationException');
    expect(err.message).toBe('request body must be a JSON object');
  });

  it('jsonErrorBody has exactly __type and message', () => {
    const body = jsonErrorBody(new ApiError('ClusterNotFoundFault', 'Cluster demo not found', 404));
    expect(body).toBe('{"__type":"ClusterNotFoundFault","message":"Cluster demo not found"}');
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['__type', 'message']);
  });

  it('ApiError keeps code, message and status (400 by default)', () => {
    const err = new ApiError('InvalidClusterStateFault', 'busy');
    expect(err).toBeInstanceOf(Error);
    expect([err.code, err.message, err.status]).toEqual(['InvalidClusterStateFault', 'busy', 400]);
    expect(new ApiError('X', 'y', 404).status).toBe(404);
    const p = invalidParameter('NumShards must be at least 1');
    expect([p.code, p.message, p.status]).toEqual(['InvalidParameterValueException', 'NumShards must be at least 1', 400]);
  });

  it('epochSeconds gives seconds as a number with millisecond precision', () => {
    expect(epochSeconds(Date.UTC(2024, 0, 1))).toBe(1704067200);
    expect(epochSeconds(1704067200123)).toBe(1704067200.123);
    expect(epochSeconds(1704067200123.6)).toBe(1704067200.124);
    expect(typeof epochSeconds(0)).toBe('number');
  });

  describe('typed readers', () => {
    const input: Record<string, unknown> = {
      Name: 'demo',
      Empty: '',
      Count: 3,
      Fraction: 1.5,
      NumText: '3',
      Flag: false,
      FlagText: 'true',
      List: ['a', 'b'],
      Mixed: ['a', 1],
      NotList: 'a',
      Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team' }],
      Nothing: null,
    };

    it('str', () => {
      expect(str(input, 'Name')).toBe('demo');
      expect(str(input, 'Empty')).toBe('');
      expect(str(input, 'Missing')).toBeUndefined();
      expect(str(input, 'Nothing')).toBeUndefined();
      for (const key of ['Count', 'Flag', 'List']) {
        const err = apiError(() => str(input, key));
        expect([err.code, err.message]).toEqual(['SerializationException', `${key} must be a string`]);
      }
    });

    it('requiredStr', () => {
      expect(requiredStr(input, 'Name')).toBe('demo');
      for (const key of ['Missing', 'Empty', 'Nothing']) {
        const err = apiError(() => requiredStr(input, key));
        expect([err.code, err.message]).toEqual(['InvalidParameterValueException', `${key} is required`]);
      }
      expect(apiError(() => requiredStr(input, 'Count')).code).toBe('SerializationException');
    });

    it('int', () => {
      expect(int(input, 'Count')).toBe(3);
      expect(int(input, 'Missing')).toBeUndefined();
      expect(int(input, 'Nothing')).toBeUndefined();
      for (const key of ['Fraction', 'NumText', 'Flag', 'List']) {
        const err = apiError(() => int(input, key));
        expect([err.code, err.message]).toEqual(['SerializationException', `${key} must be an integer`]);
      }
    });

    it('bool', () => {
      expect(bool(input, 'Flag')).toBe(false);
      expect(bool(input, 'Missing')).toBeUndefined();
      for (const key of ['FlagText', 'Count', 'Name']) {
        const err = apiError(() => bool(input, key));
        expect([err.code, err.message]).toEqual(['SerializationException', `${key} must be a boolean`]);
      }
    });

    it('strList', () => {
      expect(strList(input, 'List')).toEqual(['a', 'b']);
      expect(strList({ L: [] }, 'L')).toEqual([]);
      expect(strList(input, 'Missing')).toBeUndefined();
      for (const key of ['Mixed', 'NotList', 'Count']) {
        const err = apiError(() => strList(input, key));
        expect([err.code, err.message]).toEqual(['SerializationException', `${key} must be a list of strings`]);
      }
    });

    it('tagList', () => {
      expect(tagList(input, 'Tags')).toEqual([
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: '' },
      ]);
      expect(tagList(input, 'Missing')).toBeUndefined();
      for (const key of ['NotList', 'Count', 'Name']) {
        const err = apiError(() => tagList(input, key));
        expect([err.code, err.message]).toEqual(['SerializationException', `${key} must be a list of tags`]);
      }
      for (const tags of [[{ Value: 'x' }], [{ Key: '' }], [null], ['env=prod']]) {
        const err = apiError(() => tagList({ Tags: tags }, 'Tags'));
        expect([err.code, err.message]).toEqual(['InvalidParameterValueException', 'every tag needs a Key']);
      }
    });
  });
});
