// Timestamp fields cut from a header, turned into milliseconds without Date parsing.
// Logs carry no zone, so every wall clock is read as if it were UTC: differences stay right.

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

/** `HH:MM:SS` with an optional `.fff…` or `,fff…` fraction, starting at `from`. */
export function timeOfDayMs(s: string, from: number, end: number): number {
  const h = digits(s, from, 2), m = digits(s, from + 3, 2), sec = digits(s, from + 6, 2);
  let ms = 0;
  if (end > from + 9) {
    // Up to microseconds may follow; keep milliseconds.
    const frac = s.slice(from + 9, Math.min(end, from + 12)).padEnd(3, '0');
    ms = digits(frac, 0, 3);
  }
  return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/** `YYYY-MM-DD` at `from` and a time of day at `timeFrom…timeEnd`. */
export function isoDateTimeMs(s: string, from: number, timeFrom: number, timeEnd: number): number {
  const y = digits(s, from, 4), mo = digits(s, from + 5, 2), d = digits(s, from + 8, 2);
  return Date.UTC(y, mo - 1, d) + timeOfDayMs(s, timeFrom, timeEnd);
}

/** syslog `Mon DD` (no year): the year comes from the reader (file time). */
export function syslogDateMs(month: string, day: number, year: number, timeMs: number): number {
  const mo = MONTHS[month];
  return mo === undefined ? NaN : Date.UTC(year, mo, day) + timeMs;
}

export function isMonthName(s: string): boolean {
  return MONTHS[s] !== undefined;
}
