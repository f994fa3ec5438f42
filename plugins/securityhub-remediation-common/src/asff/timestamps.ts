// ASFF timestamps are RFC 3339 (`2024-05-01T10:00:00Z`,
// `2024-05-01T10:00:00.123456789+02:00`). JavaScript reads a date-time
// without a zone in the server's local time, so the same file would import
// different instants on different servers; ASFF instants are UTC, and a
// timestamp without a zone is read as UTC here, everywhere.

const ASFF_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})(?:[Tt](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** `2024-05-01T10:00:00Z` or with 1–3 fractional digits: what `Date.parse` reads as is. */
const CANONICAL_UTC =
  /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,3})?Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the day exists (February 30 does not). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

/** `+02` and `+0200` as `+02:00`, the only offset form `Date.parse` is sure to read. */
function offsetOf(zone: string | undefined): string {
  if (!zone || zone === 'z' || zone === 'Z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/** Minutes east of UTC of an offset from {@link offsetOf}. */
function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const minutes = Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6));
  return offset[0] === '-' ? -minutes : minutes;
}

/**
 * Milliseconds since the epoch of an ASFF timestamp: an ISO 8601 date or
 * date-time, any number of fractional digits (Security Hub writes up to
 * nine), a zone of `Z` or an offset, and no zone meaning UTC. NaN for
 * anything else, impossible dates (February 30) included.
 *
 * @public
 */
export function parseAsffTimestamp(value: string): number {
  // Nearly every timestamp is already UTC with millisecond precision, as
  // Security Hub writes it: read those without rebuilding the string.
  const utc = CANONICAL_UTC.exec(value);
  if (utc) {
    return isCalendarDay(Number(utc[1]), Number(utc[2]), Number(utc[3]))
      ? Date.parse(value)
      : NaN;
  }
  const match = ASFF_TIMESTAMP.exec(value);
  if (!match) return NaN;
  const [, date, time = '00:00:00', fraction, zone] = match;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  const offset = offsetOf(zone);
  const parsed = Date.parse(`${date}T${time}${millis}${offset}`);
  if (Number.isNaN(parsed)) return NaN;
  // Date.parse rolls impossible days over (Feb 30 → Mar 1): the calendar
  // day at the given offset must be the one written.
  const written = new Date(parsed + offsetMinutes(offset) * 60_000)
    .toISOString()
    .slice(0, 10);
  return written === date ? parsed : NaN;
}

/**
 * An ASFF timestamp as a UTC ISO string (`2024-05-01T10:00:00.000Z`).
 * Throws on a value {@link parseAsffTimestamp} cannot read; validated
 * findings never hold one.
 *
 * @public
 */
export function asffTimestampToIso(value: string): string {
  // Already the ISO form (`…T10:00:00.000Z`): nothing to convert.
  if (value.length === 24 && CANONICAL_UTC.test(value)) {
    const [year, month, day] = value.slice(0, 10).split('-').map(Number);
    if (isCalendarDay(year, month, day)) return value;
  }
  const time = parseAsffTimestamp(value);
  if (Number.isNaN(time)) {
    throw new RangeError(`not an ASFF timestamp: ${JSON.stringify(value)}`);
  }
  return new Date(time).toISOString();
}
