// A JavaScript error rendered the way oslo.log prints a Python traceback: a header, the frames,
// and the exception line. Used for the "unexpected error" paths of every service.

export function tracebackLines(err: Error, excClass = err.name || 'Error'): string[] {
  const frames = (err.stack ?? '').split('\n').slice(1).map((l) => `  ${l.trim()}`);
  return ['Traceback (most recent call last):', ...frames, `${excClass}: ${err.message}`];
}
