// @ts-nocheck
// How memctl top shows an interval: the JSON object of an ndjson line, and the screen a terminal
// gets (a header line with the totals, then the table fitted to the terminal's width and height).
import { formatOutput, type Block } from '../../lib/io/output.js';
import { formatBytes } from '../../lib/io/units.js';
import type { TopNode, TopSort, TopTotals } from '../../lib/redis/node-rates.js';

export interface TopFrame {
  time: Date;
  /** The cluster name or URL. */
  target: string;
  /** The interval asked for (each node's rates use the time its own samples were apart). */
  intervalMs: number;
  /** In the --sort order. */
  nodes: TopNode[];
  totals: TopTotals;
}

/** One ndjson line's object (docs/output.md: a stable contract). */
export function frameJson(frame: TopFrame): Record<string, unknown> {
  return { time: frame.time.toISOString(), target: frame.target, intervalMs: frame.intervalMs, totals: frame.totals, nodes: frame.nodes };
}

const fixed = (n: number | null, digits: number): string | undefined => (n === null ? undefined : n.toFixed(digits));

function lagCell(n: TopNode): string | undefined {
  if (n.role !== 'replica' || n.status === 'down') return undefined;
  const bytes = n.lagBytes === null ? '?' : formatBytes(n.lagBytes);
  return n.lastIoAgoMs === null ? bytes : `${bytes}, ${Math.round(n.lastIoAgoMs / 1000)}s`;
}

/** The table: most telling columns first, as a fitted table leaves out the rightmost. */
export function topTable(nodes: TopNode[]): Block {
  return {
    kind: 'table',
    headers: ['node', 'role', 'ops/s', 'cpu %', 'memory', 'mem %', 'clients', 'hit %', 'lag, io', 'in KB/s', 'out KB/s'],
    rows: nodes.map((n) => [
      n.node,
      n.status === 'down' ? 'down' : n.role,
      fixed(n.opsPerSec, 0),
      fixed(n.cpuPercent, 1),
      n.usedMemoryBytes === null ? undefined : formatBytes(n.usedMemoryBytes),
      fixed(n.memoryPercent, 1),
      n.clients,
      n.hitRatio === null ? undefined : (n.hitRatio * 100).toFixed(1),
      lagCell(n),
      n.netInputBytesPerSec === null ? undefined : (n.netInputBytesPerSec / 1024).toFixed(1),
      n.netOutputBytesPerSec === null ? undefined : (n.netOutputBytesPerSec / 1024).toFixed(1),
    ]),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function clockTime(time: Date): string {
  return `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** The first line: target, time, node count, totals, sort, interval and the key that quits. */
export function headerLine(frame: Pick<TopFrame, 'time' | 'target' | 'intervalMs' | 'totals'>, sort: TopSort): string {
  const t = frame.totals;
  const nodes = `${t.nodes} node${t.nodes === 1 ? '' : 's'}${t.down > 0 ? ` (${t.down} down)` : ''}`;
  return `${frame.target}  ${clockTime(frame.time)}  ${nodes}  ops/s ${Math.round(t.opsPerSec)}  memory ${formatBytes(t.usedMemoryBytes)}  sort ${sort}  every ${seconds(frame.intervalMs)}  q quits`;
}

export interface ScreenSize {
  columns: number;
  /** Lines; undefined when unknown (every node shown). */
  rows?: number | undefined;
}

/**
 * The whole screen of one interval, one string per line: the header, a blank line, the table
 * fitted to the width (docs/output.md: at most 100 columns, -o wide every column) and, when the
 * nodes do not all fit the height, a last line saying how many are left out.
 */
export async function screenLines(frame: TopFrame, sort: TopSort, size: ScreenSize, options: { wide?: boolean; color?: boolean } = {}): Promise<string[]> {
  const header = headerLine(frame, sort);
  // Header, blank line, column headers, a note of what is left out, and one line to spare.
  const room = size.rows === undefined ? frame.nodes.length : Math.max(1, size.rows - 5);
  const shown = frame.nodes.length > room ? frame.nodes.slice(0, room) : frame.nodes;
  const table = await formatOutput({ data: null, blocks: [topTable(shown)] }, { format: options.wide === true ? 'wide' : 'table', width: size.columns }, options.color === true);
  const top = cut(header, size.columns);
  // The table's rows fit already; its note of the columns left out may not (escape codes: bold headers, which fit).
  const tableLines = table.replace(/\n$/, '').split('\n').map((l) => (options.wide === true || l.includes('\u001b') ? l : cut(l, size.columns)));
  const lines = [options.color === true ? `\u001b[1m${top}\u001b[22m` : top, '', ...tableLines];
  if (shown.length < frame.nodes.length) lines.push(cut(`(${frame.nodes.length - shown.length} more node(s) below; a taller terminal shows them)`, size.columns));
  return lines;
}

/** A line no wider than the terminal (the header may be longer than a narrow one). */
function cut(line: string, columns: number): string {
  return line.length <= columns ? line : `${line.slice(0, Math.max(1, columns - 1))}…`;
}
