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
  const asUtc = utcOf(parts.year as number, parts.month as number, parts.day as number, parts.hour as number, parts.minute as number, parts.second as number, ms);
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

/** Date.UTC with years 0–99 as themselves (Date.UTC reads them as 1900–1999). */
function utcOf(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (year < 0 || year > 99 || !Number.isFinite(t)) return t;
  const d = new Date(t);
  d.setUTCFullYear(d.getUTCFullYear() - 1900);
  return d.getTime();
}

/**
 * The instant at which the zone's wall clock shows these fields, as java.time resolves a local time
 * (ZonedDateTime.ofLocal): in an overlap the earlier instant (the offset before the change), in a
 * gap the time moved later by the gap's length (the offset before the change). NaN when out of range.
 */
export function fromWall(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, timeZone: string): number {
  const asUtc = utcOf(year, month, day, hour, minute, second, ms);
  if (UTC_ZONES.has(timeZone) || !Number.isFinite(asUtc)) return asUtc;
  // the offsets a day before and after: a wall time has at most these two candidates
  const before = wallClock(asUtc - 86_400_000, timeZone).offset;
  const after = wallClock(asUtc + 86_400_000, timeZone).offset;
  // no change of offset around it (every wall time but a few an hour a year): the one candidate, as before
  if (before === after) return asUtc - before * 60_000;
  const valid = [...new Set([before, after])]
    .map((o) => asUtc - o * 60_000)
    .filter((t) => asUtc - wallClock(t, timeZone).offset * 60_000 === t);
  if (valid.length > 0) return Math.min(...valid);
  return asUtc - before * 60_000;
}

/**
 * The zone's canonical IANA name (`europe/paris` is `Europe/Paris`, `utc` is `UTC`), or undefined for
 * a name ICU does not know or one the engines' java.time does not take as a region id (`EST`).
 */
export function canonicalZone(tz: string): string | undefined {
  if (!isTimeZone(tz)) return undefined;
  const name = formatter(tz).resolvedOptions().timeZone;
  return name === 'UTC' || /^[A-Za-z]+(?:\/[A-Za-z0-9_+\-]+)+$/.test(name) ? name : undefined;
}
