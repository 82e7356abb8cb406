import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  applyQuery,
  awsText,
  blocksFromData,
  cellText,
  defaultFormat,
  formatOutput,
  isTable,
  parseOutputFormat,
  toPlain,
  validateQuery,
  writeOutput,
  type Rendered,
} from '../../src/lib/io/output.js';
import { UsageError } from '../../src/lib/io/errors.js';
import { escapeControl } from '../../src/lib/io/sanitize.js';
import { captureStreams } from '../../src/lib/io/streams.js';

const CREATED = new Date('2024-01-02T03:04:05.678Z');

function sample(): Rendered {
  return {
    data: [
      { name: 'alpha', status: 'available', shards: 2, created: CREATED, note: undefined },
      { name: 'beta', status: 'creating', shards: 1, created: CREATED },
    ],
    blocks: [
      {
        kind: 'table',
        headers: ['name', 'status', 'shards', 'created'],
        rows: [
          ['alpha', 'available', 2, CREATED],
          ['beta', 'creating', 1, null],
        ],
      },
    ],
  };
}

function expectUsage(fn: () => unknown): UsageError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(UsageError);
  expect((caught as UsageError).exitCode).toBe(2);
  return caught as UsageError;
}

describe('parseOutputFormat / defaultFormat', () => {
  it.each(['table', 'json', 'yaml', 'text', 'JSON', 'Yaml'])('accepts %s', (f) => {
    expect(parseOutputFormat(f)).toBe(f.toLowerCase());
  });

  it('table fits 100 columns (or a narrower terminal): long values cut short, then the last columns left out; wide shows all', async () => {
    const headers = ['name', 'status', 'endpoint', 'arn', 'engine'];
    const rows = [['demo', 'available', '127.0.0.1:6379', `arn:aws:memorydb:us-east-1:123456789012:cluster/${'x'.repeat(60)}`, 'redis']];
    const rendered = { data: [], blocks: [{ kind: 'table' as const, headers, rows }] };
    const table = await formatOutput(rendered, { format: 'table' });
    const lines = table.trimEnd().split('\n');
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+ENDPOINT\s+ARN\s+ENGINE$/);
    expect(lines[1]).toContain('arn:aws:memorydb:us-east-1:123456789012…');
    expect(lines[2]).toBe('(long values cut short; -o wide shows everything)');
    const narrow = (await formatOutput(rendered, { format: 'table', width: 40 })).trimEnd().split('\n');
    expect(narrow.slice(0, 2).every((l) => l.length <= 40)).toBe(true);
    expect(narrow[2]).toBe('(2 more columns: arn, engine; -o wide shows everything)');
    const wide = await formatOutput(rendered, { format: 'wide', width: 40 });
    expect(wide).toContain('x'.repeat(60));
    expect(wide).not.toContain('-o wide');
    const small = await formatOutput({ data: [], blocks: [{ kind: 'table', headers: ['a'], rows: [['b']] }] }, { format: 'table' });
    expect(small).toBe('A\nb\n');
  });

  it('ndjson: --query runs on each record; records it maps to null are left out', async () => {
    const data = [{ key: 'a', type: 'hash' }, { key: 'b', type: 'string' }];
    expect(await formatOutput({ data, blocks: [] }, { format: 'ndjson', query: 'key' })).toBe('"a"\n"b"\n');
    expect(await formatOutput({ data, blocks: [] }, { format: 'ndjson', query: "type == 'hash' && key || null" })).toBe('"a"\n');
    expect(await formatOutput({ data: { a: 1 }, blocks: [] }, { format: 'ndjson', query: 'a' })).toBe('1\n');
  });

  it('ndjson prints one JSON value per line for lists, one line otherwise', async () => {
    expect(await formatOutput({ data: [{ a: 1 }, { b: 'x\ny' }], blocks: [] }, { format: 'ndjson' })).toBe('{"a":1}\n{"b":"x\\ny"}\n');
    expect(await formatOutput({ data: { a: 1 }, blocks: [] }, { format: 'ndjson' })).toBe('{"a":1}\n');
  });

  it.each(['xml', '', 'csv', 'jsonl'])('rejects %j with exit 2', (f) => {
    expect(expectUsage(() => parseOutputFormat(f)).message).toBe(`invalid --output "${f}": expected one of table, wide, json, yaml, text, ndjson`);
  });

  it('defaults to a table on a terminal and text when piped', () => {
    expect(defaultFormat({ stdoutIsTTY: true })).toBe('table');
    expect(defaultFormat({ stdoutIsTTY: false })).toBe('text');
  });
});

describe('json output', () => {
  it('is indented by two spaces, ends in a newline, turns Dates into ISO strings and drops undefined', async () => {
    const out = await formatOutput(sample(), { format: 'json' });
    expect(out).toBe(
      [
        '[',
        '  {',
        '    "name": "alpha",',
        '    "status": "available",',
        '    "shards": 2,',
        '    "created": "2024-01-02T03:04:05.678Z"',
        '  },',
        '  {',
        '    "name": "beta",',
        '    "status": "creating",',
        '    "shards": 1,',
        '    "created": "2024-01-02T03:04:05.678Z"',
        '  }',
        ']',
        '',
      ].join('\n'),
    );
    expect(out).not.toContain('note');
  });

  it('is stable: the same input gives byte-identical output', async () => {
    const a = await formatOutput(sample(), { format: 'json' });
    const b = await formatOutput(sample(), { format: 'json' });
    expect(a).toBe(b);
  });

  it('ignores blocks entirely', async () => {
    const out = await formatOutput({ data: { ok: true }, blocks: [{ kind: 'fields', fields: [['hidden', 'x']] }] }, { format: 'json' });
    expect(out).toBe('{\n  "ok": true\n}\n');
  });

  it('renders null data as null', async () => {
    expect(await formatOutput({ data: null, blocks: [] }, { format: 'json' })).toBe('null\n');
  });

  it('renders undefined data as null instead of crashing', async () => {
    // BUG (reported): toPlain(undefined) calls JSON.parse(undefined) and throws a SyntaxError.
    await expect(formatOutput({ data: undefined, blocks: [] }, { format: 'json' })).resolves.toBe('null\n');
  });

  it('keeps control characters JSON-escaped, never raw', async () => {
    const out = await formatOutput({ data: { name: 'a\u001b[31mb\n' }, blocks: [] }, { format: 'json' });
    expect(out).toBe('{\n  "name": "a\\u001b[31mb\\n"\n}\n');
  });
});

describe('yaml output', () => {
  it('renders the same data as json, with ISO dates', async () => {
    const out = await formatOutput(sample(), { format: 'yaml' });
    expect(out).toBe(
      [
        '- name: alpha',
        '  status: available',
        '  shards: 2',
        '  created: 2024-01-02T03:04:05.678Z',
        '- name: beta',
        '  status: creating',
        '  shards: 1',
        '  created: 2024-01-02T03:04:05.678Z',
        '',
      ].join('\n'),
    );
    expect(parseYaml(out)).toEqual(JSON.parse(await formatOutput(sample(), { format: 'json' })));
  });

  it('quotes the empty string so it round-trips', async () => {
    const out = await formatOutput({ data: { status: '' }, blocks: [] }, { format: 'yaml' });
    expect(out).toBe('status: ""\n');
  });
});

describe('text output', () => {
  it('is tab-separated rows without a header, Dates as RFC 3339, empty cells empty', async () => {
    const out = await formatOutput(sample(), { format: 'text' });
    expect(out).toBe('alpha\tavailable\t2\t2024-01-02T03:04:05.678Z\nbeta\tcreating\t1\t\n');
  });

  it('renders fields as key<TAB>value lines', async () => {
    const out = await formatOutput(
      { data: {}, blocks: [{ kind: 'fields', title: 'Cluster', fields: [['name', 'alpha'], ['shards', 2], ['tls', true], ['kms', undefined]] }] },
      { format: 'text' },
    );
    expect(out).toBe('name\talpha\nshards\t2\ntls\ttrue\nkms\t\n');
  });

  it('escapes control characters so each record stays on one line', async () => {
    const out = await formatOutput(
      { data: null, blocks: [{ kind: 'table', headers: ['key', 'value'], rows: [['a\tb\nc', 'x\u001b[2Jy\r']] }] },
      { format: 'text' },
    );
    expect(out).toBe('a\\tb\\nc\tx\\x1b[2Jy\\r\n');
    expect(out.split('\n')).toHaveLength(2);
  });

  it('renders nested values as compact JSON', async () => {
    const out = await formatOutput({ data: null, blocks: [{ kind: 'table', headers: ['tags'], rows: [[{ env: 'prod', at: CREATED }], [['a', 'b']]] }] }, { format: 'text' });
    expect(out).toBe('{"env":"prod","at":"2024-01-02T03:04:05.678Z"}\n["a","b"]\n');
  });

  it('prints nothing at all for no rows', async () => {
    expect(await formatOutput({ data: [], blocks: [{ kind: 'table', headers: ['name'], rows: [] }] }, { format: 'text' })).toBe('');
    expect(await formatOutput({ data: [], blocks: [] }, { format: 'text' })).toBe('');
  });
});

describe('table output', () => {
  it('upper-cases headers, aligns columns and shows - for empty cells', async () => {
    const out = await formatOutput(sample(), { format: 'table' });
    expect(out).toBe(
      ['NAME   STATUS     SHARDS  CREATED', 'alpha  available  2       2024-01-02T03:04:05.678Z', 'beta   creating   1       -', ''].join('\n'),
    );
  });

  it('shows (none) under the title of an empty table', async () => {
    const out = await formatOutput({ data: [], blocks: [{ kind: 'table', title: 'Clusters', headers: ['name'], rows: [] }] }, { format: 'table' });
    expect(out).toBe('Clusters\n(none)\n');
    expect(await formatOutput({ data: [], blocks: [{ kind: 'table', headers: ['name'], rows: [] }] }, { format: 'table' })).toBe('(none)\n');
  });

  it('aligns a fields block on the longest key and separates blocks with a blank line', async () => {
    const out = await formatOutput(
      {
        data: null,
        blocks: [
          { kind: 'fields', title: 'Cluster', fields: [['name', 'alpha'], ['engine version', '7.1'], ['kms', undefined], ['desc', '']] },
          { kind: 'table', title: 'Shards', headers: ['id', 'slots'], rows: [['0001', '0-16383']] },
        ],
      },
      { format: 'table' },
    );
    expect(out).toBe(
      ['Cluster', 'name            alpha', 'engine version  7.1', 'kms             -', 'desc            -', '', 'Shards', 'ID    SLOTS', '0001  0-16383', ''].join('\n'),
    );
  });

  it('has no trailing spaces on any line', async () => {
    const out = await formatOutput(
      { data: null, blocks: [{ kind: 'table', headers: ['a', 'b'], rows: [['long value here', ''], ['x', 'y']] }] },
      { format: 'table' },
    );
    for (const line of out.split('\n')) expect(line).toBe(line.trimEnd());
    expect(out).toBe('A                B\nlong value here  -\nx                y\n');
  });

  it('bolds titles only with colour', async () => {
    const rendered: Rendered = { data: null, blocks: [{ kind: 'fields', title: 'T', fields: [['k', 'v']] }] };
    expect(await formatOutput(rendered, { format: 'table' }, false)).toBe('T\nk  v\n');
    expect(await formatOutput(rendered, { format: 'table' }, true)).toBe('\u001b[1mT\u001b[22m\nk  v\n');
  });

  it('escapes control characters in cells', async () => {
    const out = await formatOutput({ data: null, blocks: [{ kind: 'table', headers: ['key'], rows: [['a\u001b]0;pwned\u0007b']] }] }, { format: 'table' });
    expect(out).toBe('KEY\na\\x1b]0;pwned\\x07b\n');
  });
});

describe('--query', () => {
  it('validateQuery accepts good expressions and rejects "[." with exit 2', () => {
    expect(() => validateQuery('[].name')).not.toThrow();
    expect(() => validateQuery('length(@)')).not.toThrow();
    expect(() => validateQuery("[?status=='available'].{n: name}")).not.toThrow();
    const err = expectUsage(() => validateQuery('[.'));
    expect(err.message).toMatch(/^invalid --query "\[\.": /);
  });

  it.each(['[.', 'foo[', '{a: }', '&&'])('validateQuery rejects %j', (q) => {
    expectUsage(() => validateQuery(q));
  });

  it('applyQuery runs JMESPath over the plain (Date-free) data', () => {
    const data = sample().data;
    expect(applyQuery(data, '[].name')).toEqual(['alpha', 'beta']);
    expect(applyQuery(data, 'length(@)')).toBe(2);
    expect(applyQuery(data, '[0].created')).toBe('2024-01-02T03:04:05.678Z');
    expect(applyQuery(data, "[?status=='creating'].name | [0]")).toBe('beta');
    expect(applyQuery(data, 'nothing')).toBeNull();
    expect(applyQuery(data, undefined)).toBe(data);
  });

  it('applyQuery turns a run-time failure into a UsageError', () => {
    const err = expectUsage(() => applyQuery({ name: 'x' }, 'abs(name)'));
    expect(err.message).toMatch(/^--query "abs\(name\)" failed: ./);
  });

  it('json output of a query is the query result', async () => {
    expect(await formatOutput(sample(), { format: 'json', query: '[].name' })).toBe('[\n  "alpha",\n  "beta"\n]\n');
    expect(await formatOutput(sample(), { format: 'json', query: 'length(@)' })).toBe('2\n');
    expect(await formatOutput(sample(), { format: 'json', query: 'nothing' })).toBe('null\n');
  });

  it('--query -o text follows the AWS CLI text rules', async () => {
    const data = {
      Name: 'demo',
      Shards: [
        { Name: '0001', Status: 'available', Nodes: [{ Name: 'a', Port: 1 }, { Name: 'b' }] },
        { Name: '0002', Status: 'available', Nodes: [] },
      ],
      Tags: ['x', 'y'],
      TLS: true,
      Acl: null,
    };
    expect(await formatOutput({ data, blocks: [] }, { format: 'text', query: '@' })).toBe(
      ['\tdemo\ttrue', 'SHARDS\t0001\tavailable', 'NODES\ta\t1', 'NODES\tb\t', 'SHARDS\t0002\tavailable', 'TAGS\tx', 'TAGS\ty', ''].join('\n'),
    );
    expect(await formatOutput({ data, blocks: [] }, { format: 'text', query: 'Tags' })).toBe('x\ty\n');
    expect(await formatOutput({ data, blocks: [] }, { format: 'text', query: 'Shards[].[Name, Status]' })).toBe('0001\tavailable\n0002\tavailable\n');
  });

  it('text output of a list of scalars is one tab-separated line (as the AWS CLI prints it)', async () => {
    expect(await formatOutput(sample(), { format: 'text', query: '[].name' })).toBe('alpha\tbeta\n');
    expect(await formatOutput(sample(), { format: 'text', query: 'length(@)' })).toBe('2\n');
    expect(await formatOutput(sample(), { format: 'text', query: 'nothing' })).toBe('');
  });

  it('table output of a query uses a VALUE column for scalars', async () => {
    expect(await formatOutput(sample(), { format: 'table', query: '[].name' })).toBe('VALUE\nalpha\nbeta\n');
    expect(await formatOutput(sample(), { format: 'table', query: 'length(@)' })).toBe('VALUE\n2\n');
    expect(await formatOutput(sample(), { format: 'table', query: 'nothing' })).toBe('(none)\n');
  });

  it('table output of a list of objects uses their keys as headers', async () => {
    const out = await formatOutput(sample(), { format: 'table', query: '[].{n: name, s: shards}' });
    expect(out).toBe('N      S\nalpha  2\nbeta   1\n');
  });

  it('table output of one object is a fields block', async () => {
    const out = await formatOutput(sample(), { format: 'table', query: '[0].{name: name, shards: shards}' });
    expect(out).toBe('name    alpha\nshards  2\n');
  });

  it('text output escapes control characters in keys (identifiers) and values from the data', async () => {
    // BUG (reported): keys of queried objects reach stdout unescaped in text and table output.
    const data = { 'evil\u001b[2Jkey\nx': ['v\u001b'] };
    const text = await formatOutput({ data, blocks: [] }, { format: 'text', query: '@' });
    expect(text).toBe('EVIL\\x1b[2JKEY\\nX\tv\\x1b\n');
  });

  it('table output escapes control characters in headers from the data', async () => {
    const data = [{ 'evil\u001b[2Jkey': 'v' }];
    const table = await formatOutput({ data, blocks: [] }, { format: 'table', query: '@' });
    expect(table).not.toContain('\u001b');
  });
});

describe('blocksFromData / cellText / toPlain', () => {
  it('turns a list of objects into one table with the union of keys in first-seen order', () => {
    expect(blocksFromData([{ a: 1, b: 2 }, { b: 3, c: 4 }])).toEqual([
      {
        kind: 'table',
        headers: ['a', 'b', 'c'],
        rows: [
          [1, 2, undefined],
          [undefined, 3, 4],
        ],
      },
    ]);
  });

  it('turns a mixed list into a value column', () => {
    expect(blocksFromData([{ a: 1 }, 2])).toEqual([{ kind: 'table', headers: ['value'], rows: [[{ a: 1 }], [2]] }]);
    expect(blocksFromData([])).toEqual([{ kind: 'table', headers: ['value'], rows: [] }]);
  });

  it('turns an object into fields and a scalar into one value', () => {
    expect(blocksFromData({ x: 1, y: 'z' })).toEqual([{ kind: 'fields', fields: [['x', 1], ['y', 'z']] }]);
    expect(blocksFromData('s')).toEqual([{ kind: 'table', headers: ['value'], rows: [['s']] }]);
    expect(blocksFromData(0)).toEqual([{ kind: 'table', headers: ['value'], rows: [[0]] }]);
    expect(blocksFromData(false)).toEqual([{ kind: 'table', headers: ['value'], rows: [[false]] }]);
    expect(blocksFromData(null)).toEqual([{ kind: 'table', headers: ['value'], rows: [] }]);
  });

  it('cellText renders each kind of value', () => {
    expect(cellText(undefined)).toBe('');
    expect(cellText(null, '-')).toBe('-');
    expect(cellText('', '-')).toBe('-');
    expect(cellText(0, '-')).toBe('0');
    expect(cellText(false)).toBe('false');
    expect(cellText(CREATED)).toBe('2024-01-02T03:04:05.678Z');
    expect(cellText({ a: [1, 'x\ny'] })).toBe('{"a":[1,"x\\ny"]}');
    expect(cellText('tab\there')).toBe('tab\\there');
  });

  it('toPlain converts nested Dates and drops undefined members', () => {
    expect(toPlain({ a: { at: CREATED, gone: undefined }, list: [CREATED] })).toEqual({ a: { at: '2024-01-02T03:04:05.678Z' }, list: ['2024-01-02T03:04:05.678Z'] });
  });
});

describe('writeOutput', () => {
  it('writes the formatted output to stdout only', async () => {
    const io = await captureStreams();
    await writeOutput(io, sample(), { format: 'text', query: '[].name' });
    expect(io.out()).toBe('alpha\tbeta\n');
    expect(io.err()).toBe('');
  });
});

describe('escapeControl', () => {
  it.each([
    ['\n', '\\n'],
    ['\r', '\\r'],
    ['\t', '\\t'],
    ['\u0000', '\\x00'],
    ['\u001b', '\\x1b'],
    ['\u007f', '\\x7f'],
    ['\u0007', '\\x07'],
    ['\u0085', '\\x85'],
    ['a\nb\rc', 'a\\nb\\rc'],
    ['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeControl(input)).toBe(expected);
  });

  it.each(['\u2028', '\u2029'])('escapes the line separator %j (no raw character left)', (ch) => {
    const out = escapeControl(`a${ch}b`);
    expect(out).not.toContain(ch);
    expect(out.startsWith('a\\')).toBe(true);
    expect(out.endsWith('b')).toBe(true);
    expect(out).toMatch(/^a\\[xu]202[89]b$/);
  });

  it.each(['é', '日本', 'plain text', 'emoji 🚀', 'a-b_c:d/e', 'Ω≈ç√', ''])('leaves %j unchanged', (text) => {
    expect(escapeControl(text)).toBe(text);
  });
});

describe('fitting a table to the width', () => {
  const table = (headers: string[], rows: unknown[][], width?: number, format: 'table' | 'wide' = 'table'): Promise<string> => formatOutput({ data: [], blocks: [{ kind: 'table', headers, rows }] }, { format, width });
  const row = ['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(12)];

  it('keeps a table exactly as wide as the width (columns plus two spaces between them), and drops a column at one less', async () => {
    expect(await table(['a', 'b', 'c'], [row], 36)).toBe(`A           B           C\n${row.join('  ')}\n`);
    expect(await table(['a', 'b', 'c'], [row], 35)).toBe(`A           B\n${row.slice(0, 2).join('  ')}\n(1 more column: c; -o wide shows everything)\n`);
  });

  it('cuts long values short only when the table is too wide, and a value of 40 characters never', async () => {
    const long = 'v'.repeat(50);
    expect(await table(['v'], [[long]], 50)).toBe(`V\n${long}\n`);
    const forty = 'a'.repeat(40);
    expect(await table(['a', 'b'], [[forty, 'b'.repeat(40)]], 81)).toBe(`A\n${forty}\n(1 more column: b; -o wide shows everything)\n`);
  });

  it('always keeps the first column, however wide', async () => {
    expect(await table(['name', 'x'], [['n'.repeat(30), 'x']], 20)).toBe(`NAME\n${'n'.repeat(30)}\n(1 more column: x; -o wide shows everything)\n`);
  });

  it('says long values were cut only when a shown column had one, in any row', async () => {
    expect(await table(['a', 'b'], [['short', 'b'.repeat(60)], ['also', 'b']], 30)).toBe('A\nshort\nalso\n(1 more column: b; -o wide shows everything)\n');
    expect(await table(['a', 'b', 'c'], [['a'.repeat(45), 'b', 'c'.repeat(20)], ['a', 'b', 'c']], 50)).toBe(
      `A${' '.repeat(41)}B\n${'a'.repeat(39)}…  b\na${' '.repeat(41)}b\n(long values cut short; 1 more column: c; -o wide shows everything)\n`,
    );
  });

  it('bolds the headers with colour only', async () => {
    const rendered = { data: [], blocks: [{ kind: 'table' as const, headers: ['a', 'b'], rows: [['x', 1], ['y', 2]] }] };
    expect(await formatOutput(rendered, { format: 'wide' }, true)).toBe('\u001b[1mA\u001b[22m  \u001b[1mB\u001b[22m\nx  1\ny  2\n');
    expect(await formatOutput(rendered, { format: 'wide' }, false)).toBe('A  B\nx  1\ny  2\n');
  });

  it('-o wide shows empty cells as -', async () => {
    expect(await table(['a', 'b'], [[null, 'x']], undefined, 'wide')).toBe('A  B\n-  x\n');
  });
});

describe('output odds and ends', () => {
  it('isTable: table and wide are the human formats', () => {
    expect(['table', 'wide', 'json', 'yaml', 'text', 'ndjson'].map((f) => isTable(f as Parameters<typeof isTable>[0]))).toEqual([true, true, false, false, false, false]);
  });

  it('ndjson without --query keeps null records', async () => {
    expect(await formatOutput({ data: [null, { a: 1 }], blocks: [] }, { format: 'ndjson' })).toBe('null\n{"a":1}\n');
  });

  it('blocksFromData: no data is an empty value table', () => {
    expect(blocksFromData(undefined)).toEqual([{ kind: 'table', headers: ['value'], rows: [] }]);
    expect(blocksFromData(null)).toEqual([{ kind: 'table', headers: ['value'], rows: [] }]);
  });

  it('cellText writes numbers JSON cannot (NaN, big integers) as they are', () => {
    expect(cellText(Number.NaN)).toBe('NaN');
    expect(cellText(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('awsText: a list of objects and scalars keeps its order, over the sorted scalar keys of the objects', () => {
    expect(awsText([{ b: 1, a: 2 }, 'x', { c: 3 }])).toBe('2\t1\t\nx\n\t\t3\n');
  });

  it('awsText: a key that holds an object in one item of a list is an empty field there, its value following', () => {
    expect(awsText([{ x: 1 }, { x: { y: 2 } }])).toBe('1\n\nX\t2\n');
  });

  it('awsText: the lists and objects under an object follow in key order', () => {
    expect(awsText({ name: 'n', zeta: [1], alpha: { k: 'v' } })).toBe('n\nALPHA\tv\nZETA\t1\n');
  });
});
