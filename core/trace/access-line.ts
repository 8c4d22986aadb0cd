// What the tracer reads from an access line (nova-api's wsgi server or requestlog, placement's,
// the look-alikes'): method, path, status, and how long the request took — the line is written
// when the request ends, so it began `time:` seconds earlier.

/** Method, path (without a query) and status as groups 1–3. */
export const ACCESS_LINE = /"(GET|POST|PUT|DELETE|PATCH|HEAD) ([^" ?]+)[^"]*" status: (\d{3})/;
const ACCESS_STATUS = /" status: (\d{3})/;
const ACCESS_TIME = /" status: \d{3} .*time: ([\d.]+)/;

/** The access line's status, `dflt` when the message is none. */
export function accessStatus(message: string, dflt: number): number {
  return Number(ACCESS_STATUS.exec(message)?.[1] ?? dflt);
}

/** When the request began: the line's time less its `time:` (the line's own time without one). */
export function accessStart(ts: number, message: string): number {
  return ts - Math.round(Number(ACCESS_TIME.exec(message)?.[1] ?? 0) * 1000);
}
