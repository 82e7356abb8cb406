// The --report page of `analyze`: one self-contained HTML file (inline CSS, inline SVG bar charts,
// no scripts, no fonts, no network resources) so it opens anywhere, offline, and can be attached
// to a ticket. Inline SVG in HTML needs no xmlns, which keeps the page free of any URL.
import type { AnalyzeReport } from '../../lib/redis/analyze.js';
import { formatBytes } from '../../lib/io/units.js';
import { guardVerdict } from '../options/keys.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The guard's verdict as a paragraph, or nothing when it held back where it did. */
function verdictParagraph(latency: NonNullable<AnalyzeReport['latency']>): string {
  const verdict = guardVerdict(latency);
  return verdict === '' ? '' : `<p>${esc(verdict)}</p>`;
}
const PALETTE = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#64748b'];

interface Bar {
  label: string;
  value: number;
  note: string;
}

/** A horizontal bar chart: one row per item, bar length proportional to the largest value. */
export function barChart(title: string, bars: Bar[]): string {
  const rowH = 26;
  const labelW = 220;
  const barW = 420;
  // Room after the longest bar for its note ("3.5 MB · 37.3% · 12000 keys").
  const width = labelW + barW + 240;
  const height = Math.max(1, bars.length) * rowH + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars
    .map((b, i) => {
      const y = i * rowH + 4;
      const w = Math.max(1, Math.round((b.value / max) * barW));
      const label = b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label;
      return (
        `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" rx="3" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(`${b.label}: ${b.note}`)}</title></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 17}" class="v">${esc(b.note)}</text>`
      );
    })
    .join('');
  const body = bars.length === 0 ? `<text x="10" y="20">(no data)</text>` : rows;
  return `<figure><figcaption>${esc(title)}</figcaption><svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">${body}</svg></figure>`;
}

function table(headers: string[], rows: Array<Array<string | number | null>>): string {
  if (rows.length === 0) return '<p class="none">none</p>';
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="n"' : ''}>${esc(c === null ? '-' : String(c))}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const pct = (part: number, whole: number): string => `${whole === 0 ? 0 : ((100 * part) / whole).toFixed(1)}%`;

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px}
.sub{color:#64748b;margin-bottom:18px}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:12px 14px}.card b{display:block;font-size:22px}
.card span{color:#64748b;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
section{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:16px;margin-top:16px;overflow-x:auto}
figure{margin:0}figcaption{font-weight:600;margin-bottom:6px}svg.chart{max-width:100%;height:auto;font-size:12px;fill:#334155}svg .v{fill:#64748b}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #f1f5f9}
th{color:#64748b;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}.none{color:#64748b}
.rec{border-left:4px solid #f59e0b;background:#fffbeb;padding:8px 12px;margin:8px 0;border-radius:4px}.rec code{font-size:12px}
.ok{border-left-color:#10b981;background:#ecfdf5}.grid2{display:grid;grid-template-columns:1fr;gap:16px}`;

export function reportHtml(r: AnalyzeReport): string {
  const mem = r.totals.memory;
  const cards: Array<[string, string]> = [
    ['keys', String(r.totals.keys)],
    ['memory', formatBytes(mem)],
    ['without TTL', pct(r.totals.withoutTtl, r.totals.keys)],
    ['shards', String(r.shards.length)],
    ['memory skew', String(r.balance.memorySkew)],
    ['recommendations', String(r.recommendations.length)],
  ];
  const recs =
    r.recommendations.length === 0
      ? '<div class="rec ok">Nothing stands out.</div>'
      : r.recommendations.map((x) => `<div class="rec"><b>${esc(x.kind)}</b> — ${esc(x.message)}${x.subjects.length > 0 ? `<br><code>${esc(x.subjects.join(', '))}</code>` : ''}</div>`).join('');
  const scope = r.sample === null ? 'whole keyspace' : `sample of ${r.sample} keys per node (${r.totals.dbsize} keys in all, ~${formatBytes(r.totals.estimatedMemory)} estimated)`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>memctl analyze — ${esc(r.target)}</title><style>${CSS}</style></head>
<body><main>
<h1>Memory analysis: ${esc(r.target)}</h1>
<div class="sub">${esc(scope)} · ${(r.durationMs / 1000).toFixed(1)} s${r.complete ? '' : ' · <b>interrupted: partial figures</b>'} · namespaces split on "${esc(r.options.delimiter)}" to depth ${r.options.depth}</div>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><span>${esc(k)}</span><b>${esc(v)}</b></div>`).join('')}</div>
<h2>Recommendations</h2>${recs}
<section>${barChart('Memory by type', r.types.map((t) => ({ label: t.type, value: t.memory, note: `${formatBytes(t.memory)} · ${pct(t.memory, mem)} · ${t.keys} keys` })))}
${table(['type', 'keys', 'memory', 'share', 'elements', 'without TTL'], r.types.map((t) => [t.type, t.keys, formatBytes(t.memory), pct(t.memory, mem), t.elements, t.withoutTtl]))}</section>
<section>${barChart(`Memory by namespace (top ${r.options.top})`, r.namespaces.slice(0, r.options.top).map((n) => ({ label: n.prefix, value: n.memory, note: `${formatBytes(n.memory)} · ${n.keys} keys` })))}
${table(['namespace', 'depth', 'keys', 'memory', 'share', 'without TTL'], r.namespaces.slice(0, 50).map((n) => [n.prefix, n.depth, n.keys, formatBytes(n.memory), pct(n.memory, mem), n.withoutTtl]))}</section>
<section>${barChart('Memory per shard', r.shards.map((s) => ({ label: s.node, value: s.memory, note: `${formatBytes(s.memory)} · ${s.keys} keys${s.node === r.balance.hotShard ? ' · hot' : ''}` })))}
<p>Key skew ${r.balance.keySkew} · memory skew ${r.balance.memorySkew} (largest shard ÷ mean).</p></section>
<section>${barChart('Keys by TTL', r.ttl.map((b) => ({ label: b.bucket, value: b.keys, note: `${b.keys} keys · ${formatBytes(b.memory)}` })))}</section>
<section><h2>Top keys by memory</h2>${table(['key', 'type', 'memory', 'length', 'TTL (s)', 'node'], r.topByMemory.map((k) => [k.key, k.type, formatBytes(k.memory), k.length, k.ttlMs === null ? null : Math.ceil(k.ttlMs / 1000), k.node]))}
<h2>Top collections by length</h2>${table(['key', 'type', 'length', 'memory', 'node'], r.topByLength.map((k) => [k.key, k.type, k.length, formatBytes(k.memory), k.node]))}</section>
<section><h2>Encodings (1 key in ${r.options.encodingEvery})</h2>${table(['type', 'encoding', 'keys'], r.encodings.map((e) => [e.type, e.encoding, e.keys]))}</section>
${r.latency === null ? '' : `<section><h2>Node latency during the sweep (PING round trips; ${r.latency.limitMs === 0 ? 'watched only' : `batches spaced out above ${r.latency.limitMs} ms`})</h2>${verdictParagraph(r.latency)}${table(['node', 'pings', 'p50 ms', 'p99 ms', 'max ms', 'held back (s)'], r.latency.nodes.map((n) => [n.node, n.samples, n.p50Ms, n.p99Ms, n.maxMs, (n.heldMs / 1000).toFixed(1)]))}</section>`}
</main></body></html>
`;
}
