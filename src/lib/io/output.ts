// Rendering of command results: table / json / yaml / text, and --query (JMESPath).
import jmespath from 'jmespath';
import { UsageError } from './errors.js';
import { escapeControl } from './sanitize.js';
import type { IOStreams } from './streams.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'text', 'ndjson'] as const;

/** The width tables fit by default (or the terminal's, when narrower); -o wide shows every column. */
export const TABLE_WIDTH = 100;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A piece of human output: labelled fields, or rows under headers. */
export type Block =
  | { kind: 'fields'; title?: string; fields: Array<[string, unknown]> }
  | { kind: 'table'; title?: string; headers: string[]; rows: unknown[][] };

/**
 * What a command produces. `data` is the machine form (the -o json/yaml contract and what
 * --query runs on); `blocks` is the human form for table and text output.
 */
export interface Rendered {
  data: unknown;
  blocks: Block[];
}

export interface OutputOptions {
  format: OutputFormat;
  query?: string | undefined;
  /** The terminal's width, when known: tables fit min(TABLE_WIDTH, width). */
  width?: number | undefined;
}

/** Human formats: table (fitted to the width) and wide (every column). */
export function isTable(format: OutputFormat): boolean {
  return format === 'table' || format === 'wide';
}

export function parseOutputFormat(value: string): OutputFormat {
  const format = value.toLowerCase();
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`invalid --output "${value}": expected one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  return format as OutputFormat;
}

/** Default format: a table on a terminal, tab-separated text when piped. */
export function defaultFormat(io: Pick<IOStreams, 'stdoutIsTTY'>): OutputFormat {
  return io.stdoutIsTTY ? 'table' : 'text';
}

/** Fails with exit 2 before any API call when the expression does not parse. */
export function validateQuery(query: string): void {
  try {
    // compile() exists at run time but is missing from the package's type definitions.
    (jmespath as unknown as { compile(expression: string): unknown }).compile(query);
  } catch (err) {
    throw new UsageError(`invalid --query "${query}": ${(err as Error).message}`);
  }
}

export function applyQuery(data: unknown, query: string | undefined): unknown {
  if (query === undefined) return data;
  try {
    return jmespath.search(toPlain(data), query) as unknown;
  } catch (err) {
    throw new UsageError(`--query "${query}" failed: ${(err as Error).message}`);
  }
}

/** JSON-safe copy: Dates become RFC 3339 strings, undefined fields are dropped. */
export function toPlain(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v instanceof Date ? v.toISOString() : v))) as unknown;
}

export async function writeOutput(io: IOStreams, rendered: Rendered, options: OutputOptions): Promise<void> {
  io.stdout.write(await formatOutput(rendered, options, io.color));
}

/**
 * ndjson: one JSON value per line, one per record (each element of a list, or the one value).
 * --query runs on each record; a record whose query gives null is left out.
 */
export function ndjsonLines(data: unknown, query: string | undefined): string {
  const plain = toPlain(data);
  const records = Array.isArray(plain) ? plain : [plain];
  const out: string[] = [];
  for (const record of records) {
    // A record of plain JSON and JMESPath's answers are never undefined: null is the empty one.
    const value = applyQuery(record, query);
    if (query !== undefined && value === null) continue;
    out.push(`${JSON.stringify(value)}\n`);
  }
  return out.join('');
}

export async function formatOutput(rendered: Rendered, options: OutputOptions, color = false): Promise<string> {
  if (options.format === 'ndjson') return ndjsonLines(rendered.data, options.query);
  const queried = options.query !== undefined;
  const data = queried ? applyQuery(rendered.data, options.query) : toPlain(rendered.data);
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(data ?? null, null, 2)}\n`;
    case 'yaml': {
      // Bundled, the CommonJS `yaml` package may expose its API only on `default`.
      const yaml = (await import('yaml')) as unknown as { stringify?: (v: unknown) => string; default: { stringify: (v: unknown) => string } };
      return (yaml.stringify ?? yaml.default.stringify)(data ?? null);
    }
    case 'text':
      return queried ? awsText(data) : textOf(rendered.blocks);
    case 'table':
      return await tableOf(queried ? blocksFromData(data) : rendered.blocks, color, Math.min(TABLE_WIDTH, options.width ?? TABLE_WIDTH));
    case 'wide':
      return await tableOf(queried ? blocksFromData(data) : rendered.blocks, color, undefined);
  }
}

/** Blocks for arbitrary data (the result of --query). */
export function blocksFromData(data: unknown): Block[] {
  if (Array.isArray(data)) {
    const objects = data.filter(isRecord);
    if (objects.length === data.length && objects.length > 0) {
      const headers = [...new Set(objects.flatMap((o) => Object.keys(o)))];
      return [{ kind: 'table', headers, rows: objects.map((o) => headers.map((h) => o[h])) }];
    }
    return [{ kind: 'table', headers: ['value'], rows: data.map((v) => [v]) }];
  }
  if (isRecord(data)) return [{ kind: 'fields', fields: Object.entries(data) }];
  return [{ kind: 'table', headers: ['value'], rows: data === null || data === undefined ? [] : [[data]] }];
}

/** A plain object (not an array, a Date or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** One cell as text: RFC 3339 times, nested values as compact JSON, control characters escaped. */
export function cellText(value: unknown, empty = ''): string {
  if (value === undefined || value === null || value === '') return empty;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return escapeControl(value);
  if (typeof value === 'object') return escapeControl(JSON.stringify(toPlain(value)));
  return String(value);
}

/**
 * --query -o text, by the AWS CLI's text rules: an object is one line of its scalar values in
 * key order, then each list or object value under it, its key upper-cased as the first field; a
 * list of objects is one line per object over the scalar keys of them all (a key one lacks: an empty
 * field); a list of scalars is one tab-separated line (one "KEY<TAB>value" line each under a key);
 * a scalar is its own line. Unlike the AWS CLI, null is an empty field and booleans are lower case.
 */
export function awsText(data: unknown): string {
  const lines: string[] = [];
  const scalar = (v: unknown): string => (v === null || v === undefined ? '' : escapeControl(String(v)));
  const isScalar = (v: unknown): boolean => v === null || typeof v !== 'object';
  const format = (item: unknown, identifier?: string, keys?: string[]): void => {
    if (Array.isArray(item)) formatList(item, identifier);
    else if (isRecord(item)) formatObject(item, identifier, keys);
    else lines.push(scalar(item));
  };
  const formatList = (items: unknown[], identifier?: string): void => {
    if (items.some(isRecord)) {
      const keys = [...new Set(items.filter(isRecord).flatMap((o) => Object.keys(o).filter((k) => isScalar(o[k]))))].sort();
      for (const item of items) format(item, identifier, keys);
      return;
    }
    const scalars = items.filter(isScalar);
    if (scalars.length > 0) {
      if (identifier === undefined) lines.push(scalars.map(scalar).join('\t'));
      else for (const v of scalars) lines.push(`${escapeControl(identifier.toUpperCase())}\t${scalar(v)}`);
    }
    for (const nested of items.filter((v) => !isScalar(v))) format(nested, identifier);
  };
  const formatObject = (item: Record<string, unknown>, identifier?: string, keys?: string[]): void => {
    const own = keys ?? Object.keys(item).filter((k) => isScalar(item[k])).sort();
    // In a list, a key that holds a scalar in another item may hold a list or an object here: its
    // field is empty and the value follows, like any other.
    const rest = Object.keys(item).filter((k) => !isScalar(item[k])).sort();
    const field = (k: string): string => (isScalar(item[k]) ? scalar(item[k]) : '');
    if (own.length > 0) lines.push([...(identifier === undefined ? [] : [escapeControl(identifier.toUpperCase())]), ...own.map(field)].join('\t'));
    for (const key of rest) format(item[key], key);
  };
  const plain = toPlain(data);
  // A query that matched nothing prints nothing (the AWS CLI prints "None").
  if (plain !== null) format(plain);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function textOf(blocks: Block[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'fields') {
      for (const [key, value] of block.fields) lines.push(`${escapeControl(key)}\t${cellText(value)}`);
    } else {
      for (const row of block.rows) lines.push(row.map((v) => cellText(v)).join('\t'));
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

async function tableOf(blocks: Block[], color: boolean, width: number | undefined): Promise<string> {
  const parts: string[] = [];
  for (const block of blocks) {
    const title = block.title === undefined ? '' : `${color ? `\u001b[1m${escapeControl(block.title)}\u001b[22m` : escapeControl(block.title)}\n`;
    if (block.kind === 'fields') {
      const keys = block.fields.map(([k]) => escapeControl(k));
      const width = Math.max(0, ...keys.map((k) => k.length));
      const body = block.fields.map(([, v], i) => `${(keys[i] as string).padEnd(width)}  ${cellText(v, '-')}`).join('\n');
      parts.push(`${title}${body}\n`);
    } else if (block.rows.length === 0) {
      parts.push(`${title}(none)\n`);
    } else {
      parts.push(`${title}${await fittedTable(block.headers, block.rows, color, width)}\n`);
    }
  }
  return parts.join('\n');
}

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/**
 * A table within `width` columns: the rightmost columns are left out until it fits (never the
 * first), and a last line says which and that -o wide shows them.
 */
async function fittedTable(headers: string[], rows: unknown[][], color: boolean, width: number | undefined): Promise<string> {
  if (width === undefined) return borderlessTable(headers, rows, color);
  // Widths are measured once from the cells' text (the table is rendered once, whatever its size).
  const texts = rows.map((r) => headers.map((_, i) => cellText(r[i], '-')));
  const widthsOf = (cells: string[][]): number[] => headers.map((h, i) => Math.max(escapeControl(h).length, ...cells.map((r) => (r[i] as string).length)));
  const tableWidth = (widths: number[], shown: number): number => widths.slice(0, shown).reduce((sum, w) => sum + w, 0) + 2 * (shown - 1);
  let cells = texts;
  let widths = widthsOf(cells);
  // First long values are cut short, then the rightmost columns go.
  if (tableWidth(widths, headers.length) > width) {
    cells = texts.map((r) => r.map((t) => (t.length <= CELL_WIDTH ? t : `${t.slice(0, CELL_WIDTH - 1)}…`)));
    widths = widthsOf(cells);
  }
  let shown = headers.length;
  while (shown > 1 && tableWidth(widths, shown) > width) shown--;
  // Only the cells under the headers given are rendered.
  const text = await borderlessTable(headers.slice(0, shown), cells, color);
  const hidden = headers.slice(shown);
  const cut = cells !== texts && texts.some((r) => r.slice(0, shown).some((t) => t.length > CELL_WIDTH)) ? 'long values cut short' : '';
  const more = hidden.length === 0 ? '' : `${hidden.length} more column${hidden.length === 1 ? '' : 's'}: ${hidden.join(', ')}`;
  const note = [cut, more].filter((t) => t !== '').join('; ');
  return note === '' ? text : `${text}\n(${note}; -o wide shows everything)`;
}

/** Cells longer than this are cut short (with "…") in a table fitted to the width. */
const CELL_WIDTH = 40;


/** Aligned columns without borders, like `gh` and `kubectl`: easy to read and to grep. */
async function borderlessTable(headers: string[], rows: unknown[][], color: boolean): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    // Bold by memctl's own colour decision: cli-table3's styles ask the environment again (and
    // turn colour off under CI=true even when memctl was told to colour).
    head: headers.map((h) => (color ? `\u001b[1m${escapeControl(h.toUpperCase())}\u001b[22m` : escapeControl(h.toUpperCase()))),
    chars: NO_BORDER,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  for (const row of rows) table.push(headers.map((_, i) => cellText(row[i], '-')));
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
