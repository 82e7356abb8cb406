// @ts-nocheck
// Alarm settings from flags and a threshold file, checked before any call: SNS topic ARNs, per-key
// overrides (`--threshold cpu=80`, `--disable swap`, a YAML file of `<key>: {threshold, period,
// evaluationPeriods, datapointsToAlarm, statistic, disabled}`). Shared by `alarms apply` and
// `create` (which applies the standard set by default).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../lib/io/errors.js';
import { ALARM_KEYS, OVERRIDE_FIELDS, type AlarmOverride } from '../../lib/control/alarm-plan.js';

const SNS_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;
const STATISTICS = ['Average', 'Maximum', 'Minimum', 'Sum'];

export interface AlarmSettings {
  topics: string[];
  overrides: Record<string, AlarmOverride>;
}

export function parseTopics(flag: string, arns: string[] | undefined): string[] {
  const topics = [...new Set(arns ?? [])];
  const bad = topics.find((arn) => !SNS_ARN.test(arn));
  if (bad !== undefined) throw new UsageError(`invalid ${flag} "${bad}": expected an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ops-alerts`);
  if (topics.length > 5) throw new UsageError(`${flag} takes at most 5 topics (CloudWatch's limit of actions per state)`);
  return topics;
}

function checkKey(key: string, where: string): void {
  if (!ALARM_KEYS.includes(key)) throw new UsageError(`unknown alarm "${key}" in ${where}: expected one of ${ALARM_KEYS.join(', ')}`);
}

function checkOverride(key: string, raw: unknown, where: string): AlarmOverride {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${where}: ${key} must be a mapping of ${OVERRIDE_FIELDS.join(', ')}`);
  const out: AlarmOverride = {};
  for (const [field, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!(OVERRIDE_FIELDS as readonly string[]).includes(field)) throw new UsageError(`${where}: unknown setting "${field}" for ${key}: expected ${OVERRIDE_FIELDS.join(', ')}`);
    if (field === 'disabled') {
      if (typeof value !== 'boolean') throw new UsageError(`${where}: ${key}.disabled must be true or false`);
      out.disabled = value;
    } else if (field === 'statistic') {
      if (typeof value !== 'string' || !STATISTICS.includes(value)) throw new UsageError(`${where}: ${key}.statistic must be one of ${STATISTICS.join(', ')}`);
      out.statistic = value as AlarmOverride['statistic'];
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new UsageError(`${where}: ${key}.${field} must be a number`);
      if (field !== 'threshold' && (!Number.isInteger(value) || value < 1)) throw new UsageError(`${where}: ${key}.${field} must be a whole number of at least 1`);
      (out as Record<string, number>)[field] = value;
    }
  }
  if (out.period !== undefined && !(out.period === 10 || out.period === 30 || out.period % 60 === 0)) throw new UsageError(`${where}: ${key}.period must be 10, 30 or a multiple of 60 seconds`);
  return out;
}

export function parseAlarmSettings(flags: { snsTopicArn?: string[]; threshold?: string[]; disable?: string[]; file?: string }, topicFlag = '--sns-topic-arn'): AlarmSettings {
  const overrides: Record<string, AlarmOverride> = {};
  if (flags.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read --file ${flags.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (err) {
      throw new UsageError(`--file ${flags.file} is not valid YAML: ${(err as Error).message.split('\n')[0] ?? ''}`);
    }
    if (doc !== null && doc !== undefined) {
      if (typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`--file ${flags.file} must map alarm names to settings`);
      for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
        checkKey(key, `--file ${flags.file}`);
        overrides[key] = checkOverride(key, value, `--file ${flags.file}`);
      }
    }
  }
  for (const item of flags.threshold ?? []) {
    const match = /^([a-z-]+)=(-?\d+(\.\d+)?)$/.exec(item);
    if (match === null) throw new UsageError(`invalid --threshold "${item}": expected <alarm>=<number>, e.g. memory=75`);
    checkKey(match[1] as string, '--threshold');
    overrides[match[1] as string] = { ...overrides[match[1] as string], threshold: Number(match[2]) };
  }
  for (const key of flags.disable ?? []) {
    checkKey(key, '--disable');
    overrides[key] = { ...overrides[key], disabled: true };
  }
  for (const [key, o] of Object.entries(overrides)) {
    if (o.datapointsToAlarm !== undefined && o.datapointsToAlarm > (o.evaluationPeriods ?? 5)) {
      throw new UsageError(`${key}: datapointsToAlarm (${o.datapointsToAlarm}) cannot exceed evaluationPeriods (${o.evaluationPeriods ?? 5})`);
    }
  }
  return { topics: parseTopics(topicFlag, flags.snsTopicArn), overrides };
}
