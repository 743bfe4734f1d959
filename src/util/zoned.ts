/**
 * Wall clocks in IANA time zones with nothing but Intl: an instant's local fields and offset, and the
 * instant of a local wall time. Shared by the dialects that bucket or print in a zone.
 */

/** Wall-clock fields of an instant in a time zone. */
export interface Wall {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** offset from UTC in minutes */
  readonly offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether ICU knows the zone (PHP's list with its backward-compatible aliases, e.g. Asia/Saigon). */
export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Zones that are UTC by definition: read with Date's UTC fields, ~100× faster than Intl's formatToParts. */
const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Z', '+00:00', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);

/** Whether the zone is UTC by definition (its wall clock is UTC's at every instant). */
export const isUtcZone = (timeZone: string): boolean => UTC_ZONES.has(timeZone);

/** Minutes the zone is ahead of UTC at that instant (0 at once for the UTC zones). */
export function offsetMinutes(epochMs: number, timeZone: string): number {
  return UTC_ZONES.has(timeZone) ? 0 : wallClock(epochMs, timeZone).offset;
}

export function wallClock(epochMs: number, timeZone: string): Wall {
  if (UTC_ZONES.has(timeZone)) {
    const d = new Date(epochMs);
    return {
      year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
      minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds(), offset: 0,
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const asUtc = Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day, parts.hour, parts.minute, parts.second, ms);
  return {
    year: parts.year as number,
    month: parts.month as number,
    day: parts.day as number,
    hour: parts.hour as number,
    minute: parts.minute as number,
    second: parts.second as number,
    millisecond: ms,
    offset: Math.round((asUtc - epochMs) / 60_000),
  };
}

/** The instant at which the zone's wall clock shows these fields (the earlier one in a DST overlap). */
export function fromWall(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (UTC_ZONES.has(timeZone)) return asUtc;
  let t = asUtc - wallClock(asUtc, timeZone).offset * 60_000;
  // one correction step covers a DST change between the guess and the answer
  t = asUtc - wallClock(t, timeZone).offset * 60_000;
  return t;
}
