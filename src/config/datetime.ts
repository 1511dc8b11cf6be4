/**
 * ISO date/datetime strings in the configuration (SPEC §2.3.2, §23.12). Naive values are
 * wall time in `settings.timezone`; a date alone means 00:00 wall time. DST: a wall time in
 * a gap takes the pre-transition offset; one in an overlap takes the earlier offset.
 *
 * @module
 */

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Fields of an ISO date or datetime string. */
interface IsoParts {
  wallMs: number;
  offsetMs: number | null;
  dateOnly: boolean;
}

function parseIso(s: string): IsoParts | null {
  const m = ISO_RE.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, hh, mi, ss, frac, zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d);
  const hour = hh === undefined ? 0 : Number(hh);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = ss === undefined ? 0 : Number(ss);
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Reject 2025-02-30 and friends (Date.UTC rolls over).
  if (new Date(wallMs).getUTCDate() !== day) return null;
  let offsetMs: number | null = null;
  if (zone !== undefined) {
    if (zone.toUpperCase() === "Z") offsetMs = 0;
    else {
      const digits = zone.slice(1).replace(":", "");
      const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2));
      if (oh > 23 || om > 59) return null;
      offsetMs = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om) * 60_000;
    }
  }
  return { wallMs, offsetMs, dateOnly: hh === undefined };
}

/**
 * True when `s` is an ISO 8601 date (`2025-07-01`) or datetime (`2025-07-01T12:00`,
 * optional seconds, fraction and `Z`/`±hh:mm` offset).
 *
 * @example
 * ```ts
 * import { isIsoDateOrDateTime } from "./datetime.ts";
 * console.assert(isIsoDateOrDateTime("2025-07-01"));
 * console.assert(!isIsoDateOrDateTime("2025-02-30"));
 * ```
 */
export function isIsoDateOrDateTime(s: string): boolean {
  return parseIso(s) !== null;
}

/**
 * True when `s` is an IANA time zone that `Intl.DateTimeFormat` accepts.
 *
 * @example
 * ```ts
 * import { isValidTimeZone } from "./datetime.ts";
 * console.assert(isValidTimeZone("Europe/Berlin") && !isValidTimeZone("Mars/Base"));
 * ```
 */
export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Offset (ms, local − UTC) of `timeZone` at instant `tsMs`. */
function offsetAt(timeZone: string, tsMs: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(tsMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const whole = Math.floor(tsMs / 1000) * 1000;
  const local = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return local - whole;
}

/**
 * Reads a configuration datetime as UTC epoch ms. Values with `Z` or an offset are exact;
 * naive values (and dates, read as 00:00) are wall time in `timeZone` (§23.12).
 * Throws `RangeError` for a malformed string or an unknown zone.
 *
 * @example
 * ```ts
 * import { parseConfigDateTime } from "./datetime.ts";
 * console.assert(parseConfigDateTime("2025-07-01", "UTC") === Date.UTC(2025, 6, 1));
 * // Berlin is UTC+2 in July.
 * console.assert(parseConfigDateTime("2025-07-01T12:00", "Europe/Berlin") === Date.UTC(2025, 6, 1, 10));
 * ```
 */
export function parseConfigDateTime(s: string, timeZone: string): number {
  const p = parseIso(s);
  if (!p) throw new RangeError(`Invalid ISO date or datetime: ${JSON.stringify(s)}`);
  if (p.offsetMs !== null) return p.wallMs - p.offsetMs;
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`Invalid time zone: ${JSON.stringify(timeZone)}`);
  }
  const before = offsetAt(timeZone, p.wallMs - 86_400_000);
  const after = offsetAt(timeZone, p.wallMs + 86_400_000);
  // Pre-transition offset first: it wins in an overlap and is the answer in a gap.
  if (offsetAt(timeZone, p.wallMs - before) === before) return p.wallMs - before;
  if (offsetAt(timeZone, p.wallMs - after) === after) return p.wallMs - after;
  return p.wallMs - before;
}
