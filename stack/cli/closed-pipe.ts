// A reader that goes away (`nova-stack fault list | head -1`) is not an error: once stdout or stderr is
// a closed pipe, further output is dropped and the program ends as it would have (a lab
// still gets set up, a foreground stack keeps running), with no EPIPE stack trace. Shared by the
// entries of nova-stack and nova-lab (stack/ has its own copy of nova-trace's: it imports
// nothing from core/ or tui/).

const GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function dropOutputOnClosedPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const s of streams) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (GONE.has(e.code ?? '')) return;
      throw e;
    });
  }
}
