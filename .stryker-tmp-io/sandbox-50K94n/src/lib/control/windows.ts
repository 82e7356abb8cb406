// @ts-nocheck
// Maintenance and snapshot windows as both services define them: "ddd:hh24:mi-ddd:hh24:mi" once a
// week and "hh24:mi-hh24:mi" every day (UTC), each at least 60 minutes long, and the daily snapshot
// window never inside the weekly maintenance window. Pure code: the CLI checks a request with it
// before any call, and the local control plane answers with it as the services do.

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const WEEK = 7 * 1440;
export const MIN_WINDOW_MINUTES = 60;

/** A window as [start, length] in minutes (start from Sunday 00:00 for a weekly window). */
export type Span = [number, number];

const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const MAINTENANCE = new RegExp(`^(sun|mon|tue|wed|thu|fri|sat):${TIME}-(sun|mon|tue|wed|thu|fri|sat):${TIME}$`);
const SNAPSHOT = new RegExp(`^${TIME}-${TIME}$`);

/** The weekly maintenance window, or what is wrong with it. */
export function maintenanceSpan(value: string): Span | string {
  const m = MAINTENANCE.exec(value.toLowerCase());
  if (m === null) return 'expected ddd:hh24:mi-ddd:hh24:mi, e.g. sun:23:00-mon:01:30';
  const start = DAYS.indexOf(m[1] as string) * 1440 + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4] as string) * 1440 + Number(m[5]) * 60 + Number(m[6]);
  const length = (end - start + WEEK) % WEEK;
  if (length < MIN_WINDOW_MINUTES) return `it lasts ${length} minutes; the minimum is ${MIN_WINDOW_MINUTES}`;
  return [start, length];
}

/** The daily snapshot window, or what is wrong with it. */
export function snapshotSpan(value: string): Span | string {
  const m = SNAPSHOT.exec(value);
  if (m === null) return 'expected hh24:mi-hh24:mi, e.g. 05:00-09:00';
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  const length = (end - start + 1440) % 1440;
  if (length < MIN_WINDOW_MINUTES) return `it lasts ${length} minutes; the minimum is ${MIN_WINDOW_MINUTES}`;
  return [start, length];
}

/** Whether two spans on a circle of `period` minutes overlap. */
function overlaps(a: Span, b: Span, period: number): boolean {
  const inside = (point: number, s: Span): boolean => (point - s[0] + period) % period < s[1];
  return inside(a[0], b) || inside(b[0], a);
}

/** Whether any day's snapshot window falls inside the weekly maintenance window. */
export function windowsOverlap(maintenance: Span, snapshot: Span): boolean {
  return DAYS.some((_, day) => overlaps(maintenance, [day * 1440 + snapshot[0], snapshot[1]], WEEK));
}
