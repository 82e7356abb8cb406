// A row of block characters (▁ to █) showing a series' shape in a table cell: values averaged into
// at most `width` buckets, scaled between the series' own minimum and maximum. A flat series is a
// flat line; no values is an empty string.
const BLOCKS = '▁▂▃▄▅▆▇█';

export function sparkline(values: number[], width = 24): string {
  // No values or no width: no buckets, an empty string.
  const buckets = Math.min(width, values.length);
  const averaged: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * values.length) / buckets);
    // At least one value a bucket: there are no more buckets than values.
    const to = Math.floor(((b + 1) * values.length) / buckets);
    const slice = values.slice(from, to);
    averaged.push(slice.reduce((a, v) => a + v, 0) / slice.length);
  }
  const min = Math.min(...averaged);
  const max = Math.max(...averaged);
  const span = max - min;
  return averaged.map((v) => BLOCKS[span === 0 ? 0 : Math.min(BLOCKS.length - 1, Math.floor(((v - min) / span) * BLOCKS.length))]).join('');
}
