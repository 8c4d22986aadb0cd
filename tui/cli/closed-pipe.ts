// A reader that goes away (`nova-trace … | head -1`) is not an error: once stdout or stderr is
// a closed pipe, further output is dropped and the program ends as it would have (the exit
// status still says what the trace found), with no EPIPE stack trace.

const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function dropOutputOnClosedPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const s of streams) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (GONE.has(e.code ?? '')) return;
      throw e;
    });
  }
}
