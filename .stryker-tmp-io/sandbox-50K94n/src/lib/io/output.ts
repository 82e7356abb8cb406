// @ts-nocheck
// Rendering of command results: table / json / yaml / text, and --query (JMESPath).
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import jmespath from 'jmespath';
import { UsageError } from './errors.js';
import { escapeControl } from './sanitize.js';
import type { IOStreams } from './streams.js';
export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'text', 'ndjson'] as const;

/** The width tables fit by default (or the terminal's, when narrower); -o wide shows every column. */
export const TABLE_WIDTH = 100;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A piece of human output: labelled fields, or rows under headers. */
export type Block = {
  kind: 'fields';
  title?: string;
  fields: Array<[string, unknown]>;
} | {
  kind: 'table';
  title?: string;
  headers: string[];
  rows: unknown[][];
};

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
  if (stryMutAct_9fa48("461")) {
    {}
  } else {
    stryCov_9fa48("461");
    return stryMutAct_9fa48("464") ? format === 'table' && format === 'wide' : stryMutAct_9fa48("463") ? false : stryMutAct_9fa48("462") ? true : (stryCov_9fa48("462", "463", "464"), (stryMutAct_9fa48("466") ? format !== 'table' : stryMutAct_9fa48("465") ? false : (stryCov_9fa48("465", "466"), format === (stryMutAct_9fa48("467") ? "" : (stryCov_9fa48("467"), 'table')))) || (stryMutAct_9fa48("469") ? format !== 'wide' : stryMutAct_9fa48("468") ? false : (stryCov_9fa48("468", "469"), format === (stryMutAct_9fa48("470") ? "" : (stryCov_9fa48("470"), 'wide')))));
  }
}
export function parseOutputFormat(value: string): OutputFormat {
  if (stryMutAct_9fa48("471")) {
    {}
  } else {
    stryCov_9fa48("471");
    const format = stryMutAct_9fa48("472") ? value.toUpperCase() : (stryCov_9fa48("472"), value.toLowerCase());
    if (stryMutAct_9fa48("475") ? false : stryMutAct_9fa48("474") ? true : stryMutAct_9fa48("473") ? (OUTPUT_FORMATS as readonly string[]).includes(format) : (stryCov_9fa48("473", "474", "475"), !(OUTPUT_FORMATS as readonly string[]).includes(format))) {
      if (stryMutAct_9fa48("476")) {
        {}
      } else {
        stryCov_9fa48("476");
        throw new UsageError(stryMutAct_9fa48("477") ? `` : (stryCov_9fa48("477"), `invalid --output "${value}": expected one of ${OUTPUT_FORMATS.join(stryMutAct_9fa48("478") ? "" : (stryCov_9fa48("478"), ', '))}`));
      }
    }
    return format as OutputFormat;
  }
}

/** Default format: a table on a terminal, tab-separated text when piped. */
export function defaultFormat(io: Pick<IOStreams, 'stdoutIsTTY'>): OutputFormat {
  if (stryMutAct_9fa48("479")) {
    {}
  } else {
    stryCov_9fa48("479");
    return io.stdoutIsTTY ? stryMutAct_9fa48("480") ? "" : (stryCov_9fa48("480"), 'table') : stryMutAct_9fa48("481") ? "" : (stryCov_9fa48("481"), 'text');
  }
}

/** Fails with exit 2 before any API call when the expression does not parse. */
export function validateQuery(query: string): void {
  if (stryMutAct_9fa48("482")) {
    {}
  } else {
    stryCov_9fa48("482");
    try {
      if (stryMutAct_9fa48("483")) {
        {}
      } else {
        stryCov_9fa48("483");
        // compile() exists at run time but is missing from the package's type definitions.
        (jmespath as unknown as {
          compile(expression: string): unknown;
        }).compile(query);
      }
    } catch (err) {
      if (stryMutAct_9fa48("484")) {
        {}
      } else {
        stryCov_9fa48("484");
        throw new UsageError(stryMutAct_9fa48("485") ? `` : (stryCov_9fa48("485"), `invalid --query "${query}": ${(err as Error).message}`));
      }
    }
  }
}
export function applyQuery(data: unknown, query: string | undefined): unknown {
  if (stryMutAct_9fa48("486")) {
    {}
  } else {
    stryCov_9fa48("486");
    if (stryMutAct_9fa48("489") ? query !== undefined : stryMutAct_9fa48("488") ? false : stryMutAct_9fa48("487") ? true : (stryCov_9fa48("487", "488", "489"), query === undefined)) return data;
    try {
      if (stryMutAct_9fa48("490")) {
        {}
      } else {
        stryCov_9fa48("490");
        return jmespath.search(toPlain(data), query) as unknown;
      }
    } catch (err) {
      if (stryMutAct_9fa48("491")) {
        {}
      } else {
        stryCov_9fa48("491");
        throw new UsageError(stryMutAct_9fa48("492") ? `` : (stryCov_9fa48("492"), `--query "${query}" failed: ${(err as Error).message}`));
      }
    }
  }
}

/** JSON-safe copy: Dates become RFC 3339 strings, undefined fields are dropped. */
export function toPlain(value: unknown): unknown {
  if (stryMutAct_9fa48("493")) {
    {}
  } else {
    stryCov_9fa48("493");
    if (stryMutAct_9fa48("496") ? value !== undefined : stryMutAct_9fa48("495") ? false : stryMutAct_9fa48("494") ? true : (stryCov_9fa48("494", "495", "496"), value === undefined)) return null;
    return JSON.parse(JSON.stringify(value, (_key, v: unknown) => v instanceof Date ? v.toISOString() : v)) as unknown;
  }
}
export async function writeOutput(io: IOStreams, rendered: Rendered, options: OutputOptions): Promise<void> {
  if (stryMutAct_9fa48("497")) {
    {}
  } else {
    stryCov_9fa48("497");
    io.stdout.write(await formatOutput(rendered, options, io.color));
  }
}

/**
 * ndjson: one JSON value per line, one per record (each element of a list, or the one value).
 * --query runs on each record; a record whose query gives null is left out.
 */
export function ndjsonLines(data: unknown, query: string | undefined): string {
  if (stryMutAct_9fa48("498")) {
    {}
  } else {
    stryCov_9fa48("498");
    const plain = toPlain(data);
    const records = Array.isArray(plain) ? plain : stryMutAct_9fa48("499") ? [] : (stryCov_9fa48("499"), [plain]);
    const out: string[] = stryMutAct_9fa48("500") ? ["Stryker was here"] : (stryCov_9fa48("500"), []);
    for (const record of records) {
      if (stryMutAct_9fa48("501")) {
        {}
      } else {
        stryCov_9fa48("501");
        // A record of plain JSON and JMESPath's answers are never undefined: null is the empty one.
        const value = applyQuery(record, query);
        if (stryMutAct_9fa48("504") ? query !== undefined || value === null : stryMutAct_9fa48("503") ? false : stryMutAct_9fa48("502") ? true : (stryCov_9fa48("502", "503", "504"), (stryMutAct_9fa48("506") ? query === undefined : stryMutAct_9fa48("505") ? true : (stryCov_9fa48("505", "506"), query !== undefined)) && (stryMutAct_9fa48("508") ? value !== null : stryMutAct_9fa48("507") ? true : (stryCov_9fa48("507", "508"), value === null)))) continue;
        out.push(stryMutAct_9fa48("509") ? `` : (stryCov_9fa48("509"), `${JSON.stringify(value)}\n`));
      }
    }
    return out.join(stryMutAct_9fa48("510") ? "Stryker was here!" : (stryCov_9fa48("510"), ''));
  }
}
export async function formatOutput(rendered: Rendered, options: OutputOptions, color = stryMutAct_9fa48("511") ? true : (stryCov_9fa48("511"), false)): Promise<string> {
  if (stryMutAct_9fa48("512")) {
    {}
  } else {
    stryCov_9fa48("512");
    if (stryMutAct_9fa48("515") ? options.format !== 'ndjson' : stryMutAct_9fa48("514") ? false : stryMutAct_9fa48("513") ? true : (stryCov_9fa48("513", "514", "515"), options.format === (stryMutAct_9fa48("516") ? "" : (stryCov_9fa48("516"), 'ndjson')))) return ndjsonLines(rendered.data, options.query);
    const queried = stryMutAct_9fa48("519") ? options.query === undefined : stryMutAct_9fa48("518") ? false : stryMutAct_9fa48("517") ? true : (stryCov_9fa48("517", "518", "519"), options.query !== undefined);
    const data = queried ? applyQuery(rendered.data, options.query) : toPlain(rendered.data);
    switch (options.format) {
      case stryMutAct_9fa48("521") ? "" : (stryCov_9fa48("521"), 'json'):
        if (stryMutAct_9fa48("520")) {} else {
          stryCov_9fa48("520");
          return stryMutAct_9fa48("522") ? `` : (stryCov_9fa48("522"), `${JSON.stringify(stryMutAct_9fa48("523") ? data && null : (stryCov_9fa48("523"), data ?? null), null, 2)}\n`);
        }
      case stryMutAct_9fa48("525") ? "" : (stryCov_9fa48("525"), 'yaml'):
        if (stryMutAct_9fa48("524")) {} else {
          stryCov_9fa48("524");
          {
            if (stryMutAct_9fa48("526")) {
              {}
            } else {
              stryCov_9fa48("526");
              // Bundled, the CommonJS `yaml` package may expose its API only on `default`.
              const yaml = (await import('yaml')) as unknown as {
                stringify?: (v: unknown) => string;
                default: {
                  stringify: (v: unknown) => string;
                };
              };
              return (stryMutAct_9fa48("527") ? yaml.stringify && yaml.default.stringify : (stryCov_9fa48("527"), yaml.stringify ?? yaml.default.stringify))(stryMutAct_9fa48("528") ? data && null : (stryCov_9fa48("528"), data ?? null));
            }
          }
        }
      case stryMutAct_9fa48("530") ? "" : (stryCov_9fa48("530"), 'text'):
        if (stryMutAct_9fa48("529")) {} else {
          stryCov_9fa48("529");
          return queried ? awsText(data) : textOf(rendered.blocks);
        }
      case stryMutAct_9fa48("532") ? "" : (stryCov_9fa48("532"), 'table'):
        if (stryMutAct_9fa48("531")) {} else {
          stryCov_9fa48("531");
          return await tableOf(queried ? blocksFromData(data) : rendered.blocks, color, stryMutAct_9fa48("533") ? Math.max(TABLE_WIDTH, options.width ?? TABLE_WIDTH) : (stryCov_9fa48("533"), Math.min(TABLE_WIDTH, stryMutAct_9fa48("534") ? options.width && TABLE_WIDTH : (stryCov_9fa48("534"), options.width ?? TABLE_WIDTH))));
        }
      case stryMutAct_9fa48("536") ? "" : (stryCov_9fa48("536"), 'wide'):
        if (stryMutAct_9fa48("535")) {} else {
          stryCov_9fa48("535");
          return await tableOf(queried ? blocksFromData(data) : rendered.blocks, color, undefined);
        }
    }
  }
}

/** Blocks for arbitrary data (the result of --query). */
export function blocksFromData(data: unknown): Block[] {
  if (stryMutAct_9fa48("537")) {
    {}
  } else {
    stryCov_9fa48("537");
    if (stryMutAct_9fa48("539") ? false : stryMutAct_9fa48("538") ? true : (stryCov_9fa48("538", "539"), Array.isArray(data))) {
      if (stryMutAct_9fa48("540")) {
        {}
      } else {
        stryCov_9fa48("540");
        const objects = stryMutAct_9fa48("541") ? data : (stryCov_9fa48("541"), data.filter(isRecord));
        if (stryMutAct_9fa48("544") ? objects.length === data.length || objects.length > 0 : stryMutAct_9fa48("543") ? false : stryMutAct_9fa48("542") ? true : (stryCov_9fa48("542", "543", "544"), (stryMutAct_9fa48("546") ? objects.length !== data.length : stryMutAct_9fa48("545") ? true : (stryCov_9fa48("545", "546"), objects.length === data.length)) && (stryMutAct_9fa48("549") ? objects.length <= 0 : stryMutAct_9fa48("548") ? objects.length >= 0 : stryMutAct_9fa48("547") ? true : (stryCov_9fa48("547", "548", "549"), objects.length > 0)))) {
          if (stryMutAct_9fa48("550")) {
            {}
          } else {
            stryCov_9fa48("550");
            const headers = stryMutAct_9fa48("551") ? [] : (stryCov_9fa48("551"), [...new Set(objects.flatMap(stryMutAct_9fa48("552") ? () => undefined : (stryCov_9fa48("552"), o => Object.keys(o))))]);
            return stryMutAct_9fa48("553") ? [] : (stryCov_9fa48("553"), [stryMutAct_9fa48("554") ? {} : (stryCov_9fa48("554"), {
              kind: stryMutAct_9fa48("555") ? "" : (stryCov_9fa48("555"), 'table'),
              headers,
              rows: objects.map(stryMutAct_9fa48("556") ? () => undefined : (stryCov_9fa48("556"), o => headers.map(stryMutAct_9fa48("557") ? () => undefined : (stryCov_9fa48("557"), h => o[h]))))
            })]);
          }
        }
        return stryMutAct_9fa48("558") ? [] : (stryCov_9fa48("558"), [stryMutAct_9fa48("559") ? {} : (stryCov_9fa48("559"), {
          kind: stryMutAct_9fa48("560") ? "" : (stryCov_9fa48("560"), 'table'),
          headers: stryMutAct_9fa48("561") ? [] : (stryCov_9fa48("561"), [stryMutAct_9fa48("562") ? "" : (stryCov_9fa48("562"), 'value')]),
          rows: data.map(stryMutAct_9fa48("563") ? () => undefined : (stryCov_9fa48("563"), v => stryMutAct_9fa48("564") ? [] : (stryCov_9fa48("564"), [v])))
        })]);
      }
    }
    if (stryMutAct_9fa48("566") ? false : stryMutAct_9fa48("565") ? true : (stryCov_9fa48("565", "566"), isRecord(data))) return stryMutAct_9fa48("567") ? [] : (stryCov_9fa48("567"), [stryMutAct_9fa48("568") ? {} : (stryCov_9fa48("568"), {
      kind: stryMutAct_9fa48("569") ? "" : (stryCov_9fa48("569"), 'fields'),
      fields: Object.entries(data)
    })]);
    return stryMutAct_9fa48("570") ? [] : (stryCov_9fa48("570"), [stryMutAct_9fa48("571") ? {} : (stryCov_9fa48("571"), {
      kind: stryMutAct_9fa48("572") ? "" : (stryCov_9fa48("572"), 'table'),
      headers: stryMutAct_9fa48("573") ? [] : (stryCov_9fa48("573"), [stryMutAct_9fa48("574") ? "" : (stryCov_9fa48("574"), 'value')]),
      rows: (stryMutAct_9fa48("577") ? data === null && data === undefined : stryMutAct_9fa48("576") ? false : stryMutAct_9fa48("575") ? true : (stryCov_9fa48("575", "576", "577"), (stryMutAct_9fa48("579") ? data !== null : stryMutAct_9fa48("578") ? false : (stryCov_9fa48("578", "579"), data === null)) || (stryMutAct_9fa48("581") ? data !== undefined : stryMutAct_9fa48("580") ? false : (stryCov_9fa48("580", "581"), data === undefined)))) ? stryMutAct_9fa48("582") ? ["Stryker was here"] : (stryCov_9fa48("582"), []) : stryMutAct_9fa48("583") ? [] : (stryCov_9fa48("583"), [stryMutAct_9fa48("584") ? [] : (stryCov_9fa48("584"), [data])])
    })]);
  }
}

/** A plain object (not an array, a Date or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (stryMutAct_9fa48("585")) {
    {}
  } else {
    stryCov_9fa48("585");
    return stryMutAct_9fa48("588") ? typeof value === 'object' && value !== null && !Array.isArray(value) || !(value instanceof Date) : stryMutAct_9fa48("587") ? false : stryMutAct_9fa48("586") ? true : (stryCov_9fa48("586", "587", "588"), (stryMutAct_9fa48("590") ? typeof value === 'object' && value !== null || !Array.isArray(value) : stryMutAct_9fa48("589") ? true : (stryCov_9fa48("589", "590"), (stryMutAct_9fa48("592") ? typeof value === 'object' || value !== null : stryMutAct_9fa48("591") ? true : (stryCov_9fa48("591", "592"), (stryMutAct_9fa48("594") ? typeof value !== 'object' : stryMutAct_9fa48("593") ? true : (stryCov_9fa48("593", "594"), typeof value === (stryMutAct_9fa48("595") ? "" : (stryCov_9fa48("595"), 'object')))) && (stryMutAct_9fa48("597") ? value === null : stryMutAct_9fa48("596") ? true : (stryCov_9fa48("596", "597"), value !== null)))) && (stryMutAct_9fa48("598") ? Array.isArray(value) : (stryCov_9fa48("598"), !Array.isArray(value))))) && (stryMutAct_9fa48("599") ? value instanceof Date : (stryCov_9fa48("599"), !(value instanceof Date))));
  }
}

/** One cell as text: RFC 3339 times, nested values as compact JSON, control characters escaped. */
export function cellText(value: unknown, empty = stryMutAct_9fa48("600") ? "Stryker was here!" : (stryCov_9fa48("600"), '')): string {
  if (stryMutAct_9fa48("601")) {
    {}
  } else {
    stryCov_9fa48("601");
    if (stryMutAct_9fa48("604") ? (value === undefined || value === null) && value === '' : stryMutAct_9fa48("603") ? false : stryMutAct_9fa48("602") ? true : (stryCov_9fa48("602", "603", "604"), (stryMutAct_9fa48("606") ? value === undefined && value === null : stryMutAct_9fa48("605") ? false : (stryCov_9fa48("605", "606"), (stryMutAct_9fa48("608") ? value !== undefined : stryMutAct_9fa48("607") ? false : (stryCov_9fa48("607", "608"), value === undefined)) || (stryMutAct_9fa48("610") ? value !== null : stryMutAct_9fa48("609") ? false : (stryCov_9fa48("609", "610"), value === null)))) || (stryMutAct_9fa48("612") ? value !== '' : stryMutAct_9fa48("611") ? false : (stryCov_9fa48("611", "612"), value === (stryMutAct_9fa48("613") ? "Stryker was here!" : (stryCov_9fa48("613"), '')))))) return empty;
    if (stryMutAct_9fa48("615") ? false : stryMutAct_9fa48("614") ? true : (stryCov_9fa48("614", "615"), value instanceof Date)) return value.toISOString();
    if (stryMutAct_9fa48("618") ? typeof value !== 'string' : stryMutAct_9fa48("617") ? false : stryMutAct_9fa48("616") ? true : (stryCov_9fa48("616", "617", "618"), typeof value === (stryMutAct_9fa48("619") ? "" : (stryCov_9fa48("619"), 'string')))) return escapeControl(value);
    if (stryMutAct_9fa48("622") ? typeof value !== 'object' : stryMutAct_9fa48("621") ? false : stryMutAct_9fa48("620") ? true : (stryCov_9fa48("620", "621", "622"), typeof value === (stryMutAct_9fa48("623") ? "" : (stryCov_9fa48("623"), 'object')))) return escapeControl(JSON.stringify(toPlain(value)));
    return String(value);
  }
}

/**
 * --query -o text, by the AWS CLI's text rules: an object is one line of its scalar values in
 * key order, then each list or object value under it, its key upper-cased as the first field; a
 * list of objects is one line per object over the scalar keys of them all (a key one lacks: an empty
 * field); a list of scalars is one tab-separated line (one "KEY<TAB>value" line each under a key);
 * a scalar is its own line. Unlike the AWS CLI, null is an empty field and booleans are lower case.
 */
export function awsText(data: unknown): string {
  if (stryMutAct_9fa48("624")) {
    {}
  } else {
    stryCov_9fa48("624");
    const lines: string[] = stryMutAct_9fa48("625") ? ["Stryker was here"] : (stryCov_9fa48("625"), []);
    const scalar = stryMutAct_9fa48("626") ? () => undefined : (stryCov_9fa48("626"), (() => {
      const scalar = (v: unknown): string => (stryMutAct_9fa48("629") ? v === null && v === undefined : stryMutAct_9fa48("628") ? false : stryMutAct_9fa48("627") ? true : (stryCov_9fa48("627", "628", "629"), (stryMutAct_9fa48("631") ? v !== null : stryMutAct_9fa48("630") ? false : (stryCov_9fa48("630", "631"), v === null)) || (stryMutAct_9fa48("633") ? v !== undefined : stryMutAct_9fa48("632") ? false : (stryCov_9fa48("632", "633"), v === undefined)))) ? stryMutAct_9fa48("634") ? "Stryker was here!" : (stryCov_9fa48("634"), '') : escapeControl(String(v));
      return scalar;
    })());
    const isScalar = stryMutAct_9fa48("635") ? () => undefined : (stryCov_9fa48("635"), (() => {
      const isScalar = (v: unknown): boolean => stryMutAct_9fa48("638") ? v === null && typeof v !== 'object' : stryMutAct_9fa48("637") ? false : stryMutAct_9fa48("636") ? true : (stryCov_9fa48("636", "637", "638"), (stryMutAct_9fa48("640") ? v !== null : stryMutAct_9fa48("639") ? false : (stryCov_9fa48("639", "640"), v === null)) || (stryMutAct_9fa48("642") ? typeof v === 'object' : stryMutAct_9fa48("641") ? false : (stryCov_9fa48("641", "642"), typeof v !== (stryMutAct_9fa48("643") ? "" : (stryCov_9fa48("643"), 'object')))));
      return isScalar;
    })());
    const format = (item: unknown, identifier?: string, keys?: string[]): void => {
      if (stryMutAct_9fa48("644")) {
        {}
      } else {
        stryCov_9fa48("644");
        if (stryMutAct_9fa48("646") ? false : stryMutAct_9fa48("645") ? true : (stryCov_9fa48("645", "646"), Array.isArray(item))) formatList(item, identifier);else if (stryMutAct_9fa48("648") ? false : stryMutAct_9fa48("647") ? true : (stryCov_9fa48("647", "648"), isRecord(item))) formatObject(item, identifier, keys);else lines.push(scalar(item));
      }
    };
    const formatList = (items: unknown[], identifier?: string): void => {
      if (stryMutAct_9fa48("649")) {
        {}
      } else {
        stryCov_9fa48("649");
        if (stryMutAct_9fa48("652") ? items.every(isRecord) : stryMutAct_9fa48("651") ? false : stryMutAct_9fa48("650") ? true : (stryCov_9fa48("650", "651", "652"), items.some(isRecord))) {
          if (stryMutAct_9fa48("653")) {
            {}
          } else {
            stryCov_9fa48("653");
            const keys = stryMutAct_9fa48("654") ? [...new Set(items.filter(isRecord).flatMap(o => Object.keys(o).filter(k => isScalar(o[k]))))] : (stryCov_9fa48("654"), (stryMutAct_9fa48("655") ? [] : (stryCov_9fa48("655"), [...new Set(stryMutAct_9fa48("656") ? items.flatMap(o => Object.keys(o).filter(k => isScalar(o[k]))) : (stryCov_9fa48("656"), items.filter(isRecord).flatMap(stryMutAct_9fa48("657") ? () => undefined : (stryCov_9fa48("657"), o => stryMutAct_9fa48("658") ? Object.keys(o) : (stryCov_9fa48("658"), Object.keys(o).filter(stryMutAct_9fa48("659") ? () => undefined : (stryCov_9fa48("659"), k => isScalar(o[k]))))))))])).sort());
            for (const item of items) format(item, identifier, keys);
            return;
          }
        }
        const scalars = stryMutAct_9fa48("660") ? items : (stryCov_9fa48("660"), items.filter(isScalar));
        if (stryMutAct_9fa48("664") ? scalars.length <= 0 : stryMutAct_9fa48("663") ? scalars.length >= 0 : stryMutAct_9fa48("662") ? false : stryMutAct_9fa48("661") ? true : (stryCov_9fa48("661", "662", "663", "664"), scalars.length > 0)) {
          if (stryMutAct_9fa48("665")) {
            {}
          } else {
            stryCov_9fa48("665");
            if (stryMutAct_9fa48("668") ? identifier !== undefined : stryMutAct_9fa48("667") ? false : stryMutAct_9fa48("666") ? true : (stryCov_9fa48("666", "667", "668"), identifier === undefined)) lines.push(scalars.map(scalar).join(stryMutAct_9fa48("669") ? "" : (stryCov_9fa48("669"), '\t')));else for (const v of scalars) lines.push(stryMutAct_9fa48("670") ? `` : (stryCov_9fa48("670"), `${escapeControl(stryMutAct_9fa48("671") ? identifier.toLowerCase() : (stryCov_9fa48("671"), identifier.toUpperCase()))}\t${scalar(v)}`));
          }
        }
        for (const nested of stryMutAct_9fa48("672") ? items : (stryCov_9fa48("672"), items.filter(stryMutAct_9fa48("673") ? () => undefined : (stryCov_9fa48("673"), v => stryMutAct_9fa48("674") ? isScalar(v) : (stryCov_9fa48("674"), !isScalar(v)))))) format(nested, identifier);
      }
    };
    const formatObject = (item: Record<string, unknown>, identifier?: string, keys?: string[]): void => {
      if (stryMutAct_9fa48("675")) {
        {}
      } else {
        stryCov_9fa48("675");
        const own = stryMutAct_9fa48("676") ? keys && Object.keys(item).filter(k => isScalar(item[k])).sort() : (stryCov_9fa48("676"), keys ?? (stryMutAct_9fa48("678") ? Object.keys(item).sort() : stryMutAct_9fa48("677") ? Object.keys(item).filter(k => isScalar(item[k])) : (stryCov_9fa48("677", "678"), Object.keys(item).filter(stryMutAct_9fa48("679") ? () => undefined : (stryCov_9fa48("679"), k => isScalar(item[k]))).sort())));
        // In a list, a key that holds a scalar in another item may hold a list or an object here: its
        // field is empty and the value follows, like any other.
        const rest = stryMutAct_9fa48("681") ? Object.keys(item).sort() : stryMutAct_9fa48("680") ? Object.keys(item).filter(k => !isScalar(item[k])) : (stryCov_9fa48("680", "681"), Object.keys(item).filter(stryMutAct_9fa48("682") ? () => undefined : (stryCov_9fa48("682"), k => stryMutAct_9fa48("683") ? isScalar(item[k]) : (stryCov_9fa48("683"), !isScalar(item[k])))).sort());
        const field = stryMutAct_9fa48("684") ? () => undefined : (stryCov_9fa48("684"), (() => {
          const field = (k: string): string => isScalar(item[k]) ? scalar(item[k]) : stryMutAct_9fa48("685") ? "Stryker was here!" : (stryCov_9fa48("685"), '');
          return field;
        })());
        if (stryMutAct_9fa48("689") ? own.length <= 0 : stryMutAct_9fa48("688") ? own.length >= 0 : stryMutAct_9fa48("687") ? false : stryMutAct_9fa48("686") ? true : (stryCov_9fa48("686", "687", "688", "689"), own.length > 0)) lines.push((stryMutAct_9fa48("690") ? [] : (stryCov_9fa48("690"), [...((stryMutAct_9fa48("693") ? identifier !== undefined : stryMutAct_9fa48("692") ? false : stryMutAct_9fa48("691") ? true : (stryCov_9fa48("691", "692", "693"), identifier === undefined)) ? stryMutAct_9fa48("694") ? ["Stryker was here"] : (stryCov_9fa48("694"), []) : stryMutAct_9fa48("695") ? [] : (stryCov_9fa48("695"), [escapeControl(stryMutAct_9fa48("696") ? identifier.toLowerCase() : (stryCov_9fa48("696"), identifier.toUpperCase()))])), ...own.map(field)])).join(stryMutAct_9fa48("697") ? "" : (stryCov_9fa48("697"), '\t')));
        for (const key of rest) format(item[key], key);
      }
    };
    const plain = toPlain(data);
    // A query that matched nothing prints nothing (the AWS CLI prints "None").
    if (stryMutAct_9fa48("700") ? plain === null : stryMutAct_9fa48("699") ? false : stryMutAct_9fa48("698") ? true : (stryCov_9fa48("698", "699", "700"), plain !== null)) format(plain);
    return (stryMutAct_9fa48("703") ? lines.length !== 0 : stryMutAct_9fa48("702") ? false : stryMutAct_9fa48("701") ? true : (stryCov_9fa48("701", "702", "703"), lines.length === 0)) ? stryMutAct_9fa48("704") ? "Stryker was here!" : (stryCov_9fa48("704"), '') : stryMutAct_9fa48("705") ? `` : (stryCov_9fa48("705"), `${lines.join(stryMutAct_9fa48("706") ? "" : (stryCov_9fa48("706"), '\n'))}\n`);
  }
}
function textOf(blocks: Block[]): string {
  if (stryMutAct_9fa48("707")) {
    {}
  } else {
    stryCov_9fa48("707");
    const lines: string[] = stryMutAct_9fa48("708") ? ["Stryker was here"] : (stryCov_9fa48("708"), []);
    for (const block of blocks) {
      if (stryMutAct_9fa48("709")) {
        {}
      } else {
        stryCov_9fa48("709");
        if (stryMutAct_9fa48("712") ? block.kind !== 'fields' : stryMutAct_9fa48("711") ? false : stryMutAct_9fa48("710") ? true : (stryCov_9fa48("710", "711", "712"), block.kind === (stryMutAct_9fa48("713") ? "" : (stryCov_9fa48("713"), 'fields')))) {
          if (stryMutAct_9fa48("714")) {
            {}
          } else {
            stryCov_9fa48("714");
            for (const [key, value] of block.fields) lines.push(stryMutAct_9fa48("715") ? `` : (stryCov_9fa48("715"), `${escapeControl(key)}\t${cellText(value)}`));
          }
        } else {
          if (stryMutAct_9fa48("716")) {
            {}
          } else {
            stryCov_9fa48("716");
            for (const row of block.rows) lines.push(row.map(stryMutAct_9fa48("717") ? () => undefined : (stryCov_9fa48("717"), v => cellText(v))).join(stryMutAct_9fa48("718") ? "" : (stryCov_9fa48("718"), '\t')));
          }
        }
      }
    }
    return (stryMutAct_9fa48("721") ? lines.length !== 0 : stryMutAct_9fa48("720") ? false : stryMutAct_9fa48("719") ? true : (stryCov_9fa48("719", "720", "721"), lines.length === 0)) ? stryMutAct_9fa48("722") ? "Stryker was here!" : (stryCov_9fa48("722"), '') : stryMutAct_9fa48("723") ? `` : (stryCov_9fa48("723"), `${lines.join(stryMutAct_9fa48("724") ? "" : (stryCov_9fa48("724"), '\n'))}\n`);
  }
}
async function tableOf(blocks: Block[], color: boolean, width: number | undefined): Promise<string> {
  if (stryMutAct_9fa48("725")) {
    {}
  } else {
    stryCov_9fa48("725");
    const parts: string[] = stryMutAct_9fa48("726") ? ["Stryker was here"] : (stryCov_9fa48("726"), []);
    for (const block of blocks) {
      if (stryMutAct_9fa48("727")) {
        {}
      } else {
        stryCov_9fa48("727");
        const title = (stryMutAct_9fa48("730") ? block.title !== undefined : stryMutAct_9fa48("729") ? false : stryMutAct_9fa48("728") ? true : (stryCov_9fa48("728", "729", "730"), block.title === undefined)) ? stryMutAct_9fa48("731") ? "Stryker was here!" : (stryCov_9fa48("731"), '') : stryMutAct_9fa48("732") ? `` : (stryCov_9fa48("732"), `${color ? stryMutAct_9fa48("733") ? `` : (stryCov_9fa48("733"), `\u001b[1m${escapeControl(block.title)}\u001b[22m`) : escapeControl(block.title)}\n`);
        if (stryMutAct_9fa48("736") ? block.kind !== 'fields' : stryMutAct_9fa48("735") ? false : stryMutAct_9fa48("734") ? true : (stryCov_9fa48("734", "735", "736"), block.kind === (stryMutAct_9fa48("737") ? "" : (stryCov_9fa48("737"), 'fields')))) {
          if (stryMutAct_9fa48("738")) {
            {}
          } else {
            stryCov_9fa48("738");
            const keys = block.fields.map(stryMutAct_9fa48("739") ? () => undefined : (stryCov_9fa48("739"), ([k]) => escapeControl(k)));
            const width = stryMutAct_9fa48("740") ? Math.min(0, ...keys.map(k => k.length)) : (stryCov_9fa48("740"), Math.max(0, ...keys.map(stryMutAct_9fa48("741") ? () => undefined : (stryCov_9fa48("741"), k => k.length))));
            const body = block.fields.map(stryMutAct_9fa48("742") ? () => undefined : (stryCov_9fa48("742"), ([, v], i) => stryMutAct_9fa48("743") ? `` : (stryCov_9fa48("743"), `${(keys[i] as string).padEnd(width)}  ${cellText(v, stryMutAct_9fa48("744") ? "" : (stryCov_9fa48("744"), '-'))}`))).join(stryMutAct_9fa48("745") ? "" : (stryCov_9fa48("745"), '\n'));
            parts.push(stryMutAct_9fa48("746") ? `` : (stryCov_9fa48("746"), `${title}${body}\n`));
          }
        } else if (stryMutAct_9fa48("749") ? block.rows.length !== 0 : stryMutAct_9fa48("748") ? false : stryMutAct_9fa48("747") ? true : (stryCov_9fa48("747", "748", "749"), block.rows.length === 0)) {
          if (stryMutAct_9fa48("750")) {
            {}
          } else {
            stryCov_9fa48("750");
            parts.push(stryMutAct_9fa48("751") ? `` : (stryCov_9fa48("751"), `${title}(none)\n`));
          }
        } else {
          if (stryMutAct_9fa48("752")) {
            {}
          } else {
            stryCov_9fa48("752");
            parts.push(stryMutAct_9fa48("753") ? `` : (stryCov_9fa48("753"), `${title}${await fittedTable(block.headers, block.rows, color, width)}\n`));
          }
        }
      }
    }
    return parts.join(stryMutAct_9fa48("754") ? "" : (stryCov_9fa48("754"), '\n'));
  }
}
const NO_BORDER = stryMutAct_9fa48("755") ? {} : (stryCov_9fa48("755"), {
  top: stryMutAct_9fa48("756") ? "Stryker was here!" : (stryCov_9fa48("756"), ''),
  'top-mid': stryMutAct_9fa48("757") ? "Stryker was here!" : (stryCov_9fa48("757"), ''),
  'top-left': stryMutAct_9fa48("758") ? "Stryker was here!" : (stryCov_9fa48("758"), ''),
  'top-right': stryMutAct_9fa48("759") ? "Stryker was here!" : (stryCov_9fa48("759"), ''),
  bottom: stryMutAct_9fa48("760") ? "Stryker was here!" : (stryCov_9fa48("760"), ''),
  'bottom-mid': stryMutAct_9fa48("761") ? "Stryker was here!" : (stryCov_9fa48("761"), ''),
  'bottom-left': stryMutAct_9fa48("762") ? "Stryker was here!" : (stryCov_9fa48("762"), ''),
  'bottom-right': stryMutAct_9fa48("763") ? "Stryker was here!" : (stryCov_9fa48("763"), ''),
  left: stryMutAct_9fa48("764") ? "Stryker was here!" : (stryCov_9fa48("764"), ''),
  'left-mid': stryMutAct_9fa48("765") ? "Stryker was here!" : (stryCov_9fa48("765"), ''),
  mid: stryMutAct_9fa48("766") ? "Stryker was here!" : (stryCov_9fa48("766"), ''),
  'mid-mid': stryMutAct_9fa48("767") ? "Stryker was here!" : (stryCov_9fa48("767"), ''),
  right: stryMutAct_9fa48("768") ? "Stryker was here!" : (stryCov_9fa48("768"), ''),
  'right-mid': stryMutAct_9fa48("769") ? "Stryker was here!" : (stryCov_9fa48("769"), ''),
  middle: stryMutAct_9fa48("770") ? "" : (stryCov_9fa48("770"), '  ')
});

/**
 * A table within `width` columns: the rightmost columns are left out until it fits (never the
 * first), and a last line says which and that -o wide shows them.
 */
async function fittedTable(headers: string[], rows: unknown[][], color: boolean, width: number | undefined): Promise<string> {
  if (stryMutAct_9fa48("771")) {
    {}
  } else {
    stryCov_9fa48("771");
    if (stryMutAct_9fa48("774") ? width !== undefined : stryMutAct_9fa48("773") ? false : stryMutAct_9fa48("772") ? true : (stryCov_9fa48("772", "773", "774"), width === undefined)) return borderlessTable(headers, rows, color);
    // Widths are measured once from the cells' text (the table is rendered once, whatever its size).
    const texts = rows.map(stryMutAct_9fa48("775") ? () => undefined : (stryCov_9fa48("775"), r => headers.map(stryMutAct_9fa48("776") ? () => undefined : (stryCov_9fa48("776"), (_, i) => cellText(r[i], stryMutAct_9fa48("777") ? "" : (stryCov_9fa48("777"), '-'))))));
    const widthsOf = stryMutAct_9fa48("778") ? () => undefined : (stryCov_9fa48("778"), (() => {
      const widthsOf = (cells: string[][]): number[] => headers.map(stryMutAct_9fa48("779") ? () => undefined : (stryCov_9fa48("779"), (h, i) => stryMutAct_9fa48("780") ? Math.min(escapeControl(h).length, ...cells.map(r => (r[i] as string).length)) : (stryCov_9fa48("780"), Math.max(escapeControl(h).length, ...cells.map(stryMutAct_9fa48("781") ? () => undefined : (stryCov_9fa48("781"), r => (r[i] as string).length))))));
      return widthsOf;
    })());
    const tableWidth = stryMutAct_9fa48("782") ? () => undefined : (stryCov_9fa48("782"), (() => {
      const tableWidth = (widths: number[], shown: number): number => stryMutAct_9fa48("783") ? widths.slice(0, shown).reduce((sum, w) => sum + w, 0) - 2 * (shown - 1) : (stryCov_9fa48("783"), (stryMutAct_9fa48("784") ? widths.reduce((sum, w) => sum + w, 0) : (stryCov_9fa48("784"), widths.slice(0, shown).reduce(stryMutAct_9fa48("785") ? () => undefined : (stryCov_9fa48("785"), (sum, w) => stryMutAct_9fa48("786") ? sum - w : (stryCov_9fa48("786"), sum + w)), 0))) + (stryMutAct_9fa48("787") ? 2 / (shown - 1) : (stryCov_9fa48("787"), 2 * (stryMutAct_9fa48("788") ? shown + 1 : (stryCov_9fa48("788"), shown - 1)))));
      return tableWidth;
    })());
    let cells = texts;
    let widths = widthsOf(cells);
    // First long values are cut short, then the rightmost columns go.
    if (stryMutAct_9fa48("792") ? tableWidth(widths, headers.length) <= width : stryMutAct_9fa48("791") ? tableWidth(widths, headers.length) >= width : stryMutAct_9fa48("790") ? false : stryMutAct_9fa48("789") ? true : (stryCov_9fa48("789", "790", "791", "792"), tableWidth(widths, headers.length) > width)) {
      if (stryMutAct_9fa48("793")) {
        {}
      } else {
        stryCov_9fa48("793");
        cells = texts.map(stryMutAct_9fa48("794") ? () => undefined : (stryCov_9fa48("794"), r => r.map(stryMutAct_9fa48("795") ? () => undefined : (stryCov_9fa48("795"), t => (stryMutAct_9fa48("799") ? t.length > CELL_WIDTH : stryMutAct_9fa48("798") ? t.length < CELL_WIDTH : stryMutAct_9fa48("797") ? false : stryMutAct_9fa48("796") ? true : (stryCov_9fa48("796", "797", "798", "799"), t.length <= CELL_WIDTH)) ? t : stryMutAct_9fa48("800") ? `` : (stryCov_9fa48("800"), `${stryMutAct_9fa48("801") ? t : (stryCov_9fa48("801"), t.slice(0, stryMutAct_9fa48("802") ? CELL_WIDTH + 1 : (stryCov_9fa48("802"), CELL_WIDTH - 1)))}…`)))));
        widths = widthsOf(cells);
      }
    }
    let shown = headers.length;
    while (stryMutAct_9fa48("804") ? shown > 1 || tableWidth(widths, shown) > width : stryMutAct_9fa48("803") ? false : (stryCov_9fa48("803", "804"), (stryMutAct_9fa48("807") ? shown <= 1 : stryMutAct_9fa48("806") ? shown >= 1 : stryMutAct_9fa48("805") ? true : (stryCov_9fa48("805", "806", "807"), shown > 1)) && (stryMutAct_9fa48("810") ? tableWidth(widths, shown) <= width : stryMutAct_9fa48("809") ? tableWidth(widths, shown) >= width : stryMutAct_9fa48("808") ? true : (stryCov_9fa48("808", "809", "810"), tableWidth(widths, shown) > width)))) stryMutAct_9fa48("811") ? shown++ : (stryCov_9fa48("811"), shown--);
    // Only the cells under the headers given are rendered.
    const text = await borderlessTable(stryMutAct_9fa48("812") ? headers : (stryCov_9fa48("812"), headers.slice(0, shown)), cells, color);
    const hidden = stryMutAct_9fa48("813") ? headers : (stryCov_9fa48("813"), headers.slice(shown));
    const cut = (stryMutAct_9fa48("816") ? cells !== texts || texts.some(r => r.slice(0, shown).some(t => t.length > CELL_WIDTH)) : stryMutAct_9fa48("815") ? false : stryMutAct_9fa48("814") ? true : (stryCov_9fa48("814", "815", "816"), (stryMutAct_9fa48("818") ? cells === texts : stryMutAct_9fa48("817") ? true : (stryCov_9fa48("817", "818"), cells !== texts)) && (stryMutAct_9fa48("819") ? texts.every(r => r.slice(0, shown).some(t => t.length > CELL_WIDTH)) : (stryCov_9fa48("819"), texts.some(stryMutAct_9fa48("820") ? () => undefined : (stryCov_9fa48("820"), r => stryMutAct_9fa48("822") ? r.some(t => t.length > CELL_WIDTH) : stryMutAct_9fa48("821") ? r.slice(0, shown).every(t => t.length > CELL_WIDTH) : (stryCov_9fa48("821", "822"), r.slice(0, shown).some(stryMutAct_9fa48("823") ? () => undefined : (stryCov_9fa48("823"), t => stryMutAct_9fa48("827") ? t.length <= CELL_WIDTH : stryMutAct_9fa48("826") ? t.length >= CELL_WIDTH : stryMutAct_9fa48("825") ? false : stryMutAct_9fa48("824") ? true : (stryCov_9fa48("824", "825", "826", "827"), t.length > CELL_WIDTH)))))))))) ? stryMutAct_9fa48("828") ? "" : (stryCov_9fa48("828"), 'long values cut short') : stryMutAct_9fa48("829") ? "Stryker was here!" : (stryCov_9fa48("829"), '');
    const more = (stryMutAct_9fa48("832") ? hidden.length !== 0 : stryMutAct_9fa48("831") ? false : stryMutAct_9fa48("830") ? true : (stryCov_9fa48("830", "831", "832"), hidden.length === 0)) ? stryMutAct_9fa48("833") ? "Stryker was here!" : (stryCov_9fa48("833"), '') : stryMutAct_9fa48("834") ? `` : (stryCov_9fa48("834"), `${hidden.length} more column${(stryMutAct_9fa48("837") ? hidden.length !== 1 : stryMutAct_9fa48("836") ? false : stryMutAct_9fa48("835") ? true : (stryCov_9fa48("835", "836", "837"), hidden.length === 1)) ? stryMutAct_9fa48("838") ? "Stryker was here!" : (stryCov_9fa48("838"), '') : stryMutAct_9fa48("839") ? "" : (stryCov_9fa48("839"), 's')}: ${hidden.join(stryMutAct_9fa48("840") ? "" : (stryCov_9fa48("840"), ', '))}`);
    const note = stryMutAct_9fa48("841") ? [cut, more].join('; ') : (stryCov_9fa48("841"), (stryMutAct_9fa48("842") ? [] : (stryCov_9fa48("842"), [cut, more])).filter(stryMutAct_9fa48("843") ? () => undefined : (stryCov_9fa48("843"), t => stryMutAct_9fa48("846") ? t === '' : stryMutAct_9fa48("845") ? false : stryMutAct_9fa48("844") ? true : (stryCov_9fa48("844", "845", "846"), t !== (stryMutAct_9fa48("847") ? "Stryker was here!" : (stryCov_9fa48("847"), ''))))).join(stryMutAct_9fa48("848") ? "" : (stryCov_9fa48("848"), '; ')));
    return (stryMutAct_9fa48("851") ? note !== '' : stryMutAct_9fa48("850") ? false : stryMutAct_9fa48("849") ? true : (stryCov_9fa48("849", "850", "851"), note === (stryMutAct_9fa48("852") ? "Stryker was here!" : (stryCov_9fa48("852"), '')))) ? text : stryMutAct_9fa48("853") ? `` : (stryCov_9fa48("853"), `${text}\n(${note}; -o wide shows everything)`);
  }
}

/** Cells longer than this are cut short (with "…") in a table fitted to the width. */
const CELL_WIDTH = 40;

/** Aligned columns without borders, like `gh` and `kubectl`: easy to read and to grep. */
async function borderlessTable(headers: string[], rows: unknown[][], color: boolean): Promise<string> {
  if (stryMutAct_9fa48("854")) {
    {}
  } else {
    stryCov_9fa48("854");
    const {
      default: Table
    } = await import('cli-table3');
    const table = new Table(stryMutAct_9fa48("855") ? {} : (stryCov_9fa48("855"), {
      head: headers.map(stryMutAct_9fa48("856") ? () => undefined : (stryCov_9fa48("856"), h => escapeControl(stryMutAct_9fa48("857") ? h.toLowerCase() : (stryCov_9fa48("857"), h.toUpperCase())))),
      chars: NO_BORDER,
      style: stryMutAct_9fa48("858") ? {} : (stryCov_9fa48("858"), {
        head: color ? stryMutAct_9fa48("859") ? [] : (stryCov_9fa48("859"), [stryMutAct_9fa48("860") ? "" : (stryCov_9fa48("860"), 'bold')]) : stryMutAct_9fa48("861") ? ["Stryker was here"] : (stryCov_9fa48("861"), []),
        border: stryMutAct_9fa48("862") ? ["Stryker was here"] : (stryCov_9fa48("862"), []),
        'padding-left': 0,
        'padding-right': 0,
        compact: stryMutAct_9fa48("863") ? false : (stryCov_9fa48("863"), true)
      })
    }));
    for (const row of rows) table.push(headers.map(stryMutAct_9fa48("864") ? () => undefined : (stryCov_9fa48("864"), (_, i) => cellText(row[i], stryMutAct_9fa48("865") ? "" : (stryCov_9fa48("865"), '-')))));
    return table.toString().split(stryMutAct_9fa48("866") ? "" : (stryCov_9fa48("866"), '\n')).map(stryMutAct_9fa48("867") ? () => undefined : (stryCov_9fa48("867"), line => stryMutAct_9fa48("868") ? line.trimStart() : (stryCov_9fa48("868"), line.trimEnd()))).join(stryMutAct_9fa48("869") ? "" : (stryCov_9fa48("869"), '\n'));
  }
}