// @ts-nocheck
// CloudWatch's metric reads over the sampled node metrics: GetMetricData (up to 500 queries, paged
// by datapoints), GetMetricStatistics (up to 1,440 datapoints) and ListMetrics (500 a page). A
// client sees the metrics of its region's clusters. Outputs are plain objects with Dates; the
// protocol front encodes them.
import type { MetricStore, Dimension, SeriesId } from '../../engine/metrics/store.js';
import { alignDown, byPeriod, isSupportedStatistic, isValidPeriod, STANDARD_STATISTICS, statistic } from '../../engine/metrics/statistics.js';
import { bool, errors, int, list, requiredDate, requiredStr, str, strList, struct, structList, WireMap, type Input } from './input.js';
import type { HandlerContext } from '../shared/operation.js';

export type CloudWatchOperation = (input: Input, ctx: HandlerContext) => Promise<unknown>;

const MAX_QUERIES = 500;
const MAX_STATISTICS_DATAPOINTS = 1440;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const LIST_PAGE = 500;
const ID = /^[a-z][a-zA-Z0-9_]*$/;

function dimensions(input: Input, key: string, filter = false): Dimension[] {
  const items = structList(input, key) ?? [];
  if (items.length > 30) throw errors.invalidValue(`${key} can hold at most 30 dimensions`);
  return items.map((d) => {
    const name = requiredStr(d, 'Name');
    const value = filter ? str(d, 'Value') : requiredStr(d, 'Value');
    return { Name: name, Value: value as string };
  });
}

function metricOf(input: Input): SeriesId {
  return { namespace: requiredStr(input, 'Namespace'), metricName: requiredStr(input, 'MetricName'), dimensions: dimensions(input, 'Dimensions') };
}

function period(input: Input): number {
  const seconds = int(input, 'Period');
  if (seconds === undefined) throw errors.missing('The parameter Period must be specified.');
  if (!isValidPeriod(seconds)) throw errors.invalidValue(`The parameter Period must be 1, 5, 10, 30 or a multiple of 60 (got ${seconds}).`);
  return seconds;
}

/** An opaque page token: a position, base64 JSON. */
function encodeToken(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64');
}

function decodeToken<T>(token: string | undefined, valid: (value: unknown) => value is T, fault: (message: string) => Error): T | undefined {
  if (token === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (valid(value)) return value;
  } catch {
    // Falls through to the fault.
  }
  throw fault('The NextToken is not valid.');
}

const isNumberPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every((n) => Number.isInteger(n) && (n as number) >= 0);
const isIndex = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

export function metricOperations(metrics: MetricStore): Record<string, CloudWatchOperation> {
  /** The series a region may read, or undefined: another region's data is not there to see. */
  const regionSeries = (id: SeriesId, region: string): SeriesId | undefined => {
    const info = metrics.info(id);
    return info !== undefined && info.region === region ? id : undefined;
  };

  /** Aligned periods of one series with their values, within [start, end). */
  const periods = (id: SeriesId | undefined, start: number, end: number, seconds: number, unit: string | undefined): Map<number, number[]> => {
    if (id === undefined) return new Map();
    if (unit !== undefined && metrics.info(id)?.unit !== unit) return new Map();
    return byPeriod(metrics.points(id, alignDown(start, seconds), end), seconds);
  };

  return {
    async GetMetricData(input, ctx) {
      const queries = structList(input, 'MetricDataQueries');
      if (queries === undefined || queries.length === 0) throw errors.missing('The parameter MetricDataQueries must be specified.');
      if (queries.length > MAX_QUERIES) throw errors.invalidValue(`At most ${MAX_QUERIES} MetricDataQueries are allowed in one request (got ${queries.length}).`);
      const start = requiredDate(input, 'StartTime');
      const end = requiredDate(input, 'EndTime');
      if (start >= end) throw errors.invalidValue('The parameter StartTime must be less than the parameter EndTime.');
      const scanBy = str(input, 'ScanBy') ?? 'TimestampDescending';
      if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') throw errors.invalidValue('ScanBy must be TimestampDescending or TimestampAscending.');
      const maxDatapoints = int(input, 'MaxDatapoints') ?? DEFAULT_MAX_DATAPOINTS;
      if (maxDatapoints < 1) throw errors.invalidValue('MaxDatapoints must be at least 1.');
      const ids = new Set<string>();
      const results = queries.map((query) => {
        const id = requiredStr(query, 'Id');
        if (!ID.test(id) || id.length > 255) throw errors.invalidValue(`The Id ${id} must start with a lowercase letter and hold only letters, digits and underscores.`);
        if (ids.has(id)) throw errors.invalidValue(`The Id ${id} is used by more than one query.`);
        ids.add(id);
        if (str(query, 'Expression') !== undefined) throw errors.invalidValue(`Query ${id}: metric math expressions are not supported by the memctl local control plane; use MetricStat.`);
        const stat = struct(query, 'MetricStat');
        if (stat === undefined) throw errors.missing(`Query ${id} needs MetricStat or Expression.`);
        const metric = struct(stat, 'Metric');
        if (metric === undefined) throw errors.missing(`Query ${id}: the parameter MetricStat.Metric must be specified.`);
        const series = metricOf(metric);
        const seconds = period(stat);
        const name = requiredStr(stat, 'Stat');
        if (!isSupportedStatistic(name)) throw errors.invalidValue(`Query ${id}: the statistic ${name} is not supported (use ${STANDARD_STATISTICS.join(', ')} or a percentile such as p99).`);
        const grouped = periods(regionSeries(series, ctx.region), start, end, seconds, str(stat, 'Unit'));
        let points = [...grouped].map(([t, values]) => ({ t, v: statistic(values, name) as number }));
        if (scanBy === 'TimestampDescending') points = points.reverse();
        return { id, label: str(query, 'Label') ?? series.metricName, returnData: bool(query, 'ReturnData') ?? true, points };
      });
      // Paging by datapoints across the queries, in order: the token says where the next page starts.
      const from = decodeToken(str(input, 'NextToken'), isNumberPair, errors.nextToken) ?? [0, 0];
      let budget = maxDatapoints;
      let next: [number, number] | undefined;
      const out: unknown[] = [];
      results.forEach((result, index) => {
        if (index < from[0] || !result.returnData) return;
        const offset = index === from[0] ? from[1] : 0;
        const remaining = result.points.slice(offset);
        const taken = next === undefined ? remaining.slice(0, budget) : [];
        budget -= taken.length;
        if (next === undefined && taken.length < remaining.length) next = [index, offset + taken.length];
        out.push({
          Id: result.id,
          Label: result.label,
          Timestamps: taken.map((p) => new Date(p.t)),
          Values: taken.map((p) => p.v),
          StatusCode: taken.length < remaining.length ? 'PartialData' : 'Complete',
          Messages: [],
        });
      });
      return { MetricDataResults: out, ...(next === undefined ? {} : { NextToken: encodeToken(next) }), Messages: [] };
    },

    async GetMetricStatistics(input, ctx) {
      const series = metricOf(input);
      const start = requiredDate(input, 'StartTime');
      const end = requiredDate(input, 'EndTime');
      if (start >= end) throw errors.invalidValue('The parameter StartTime must be less than the parameter EndTime.');
      const seconds = period(input);
      const standard = strList(input, 'Statistics') ?? [];
      const extended = strList(input, 'ExtendedStatistics') ?? [];
      if (standard.length === 0 && extended.length === 0) throw errors.missing('Either Statistics or ExtendedStatistics must be specified.');
      const badStandard = standard.find((s) => !(STANDARD_STATISTICS as readonly string[]).includes(s));
      if (badStandard !== undefined) throw errors.invalidValue(`The statistic ${badStandard} is not one of ${STANDARD_STATISTICS.join(', ')}.`);
      const badExtended = extended.find((s) => !/^p/.test(s) || !isSupportedStatistic(s));
      if (badExtended !== undefined) throw errors.invalidValue(`The extended statistic ${badExtended} is not supported (percentiles such as p99).`);
      const count = Math.ceil((end - alignDown(start, seconds)) / (seconds * 1000));
      if (count > MAX_STATISTICS_DATAPOINTS) {
        throw errors.combination(`You have requested up to ${count} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`);
      }
      const unit = str(input, 'Unit');
      const found = regionSeries(series, ctx.region);
      const seriesUnit = found === undefined ? undefined : metrics.info(found)?.unit;
      const datapoints = [...periods(found, start, end, seconds, unit)].map(([t, values]) => ({
        Timestamp: new Date(t),
        ...Object.fromEntries(standard.map((s) => [s, statistic(values, s)])),
        Unit: seriesUnit ?? 'None',
        ...(extended.length === 0 ? {} : { ExtendedStatistics: new WireMap(Object.fromEntries(extended.map((s) => [s, statistic(values, s)]))) }),
      }));
      return { Label: series.metricName, Datapoints: datapoints };
    },

    async ListMetrics(input, ctx) {
      const namespace = str(input, 'Namespace');
      const name = str(input, 'MetricName');
      const filters = dimensions(input, 'Dimensions', true);
      const recently = str(input, 'RecentlyActive');
      if (recently !== undefined && recently !== 'PT3H') throw errors.invalidValue('RecentlyActive must be PT3H.');
      list(input, 'IncludeLinkedAccounts');
      const since = Date.now() - 3 * 3600_000;
      const matches = metrics
        .list(ctx.region)
        .filter(({ info, last }) => (namespace === undefined || info.namespace === namespace) && (name === undefined || info.metricName === name) && (recently === undefined || (last ?? 0) >= since))
        .filter(({ info }) => filters.every((f) => info.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value))))
        .map(({ info }) => ({ Namespace: info.namespace, MetricName: info.metricName, Dimensions: info.dimensions }))
        .sort((a, b) => `${a.Namespace}/${a.MetricName}/${JSON.stringify(a.Dimensions)}`.localeCompare(`${b.Namespace}/${b.MetricName}/${JSON.stringify(b.Dimensions)}`));
      const offset = decodeToken(str(input, 'NextToken'), isIndex, errors.invalidValue) ?? 0;
      const page = matches.slice(offset, offset + LIST_PAGE);
      return { Metrics: page, ...(offset + LIST_PAGE < matches.length ? { NextToken: encodeToken(offset + LIST_PAGE) } : {}) };
    },
  };
}
