// Which program a nova-trace command line asks for: the live view or the tracer.

/** `nova-trace tail …`, or a bare `nova-trace` typed on a terminal. */
export function wantsTail(argv: readonly string[], onTerminal: boolean): boolean {
  return argv[0] === 'tail' || (argv.length === 0 && onTerminal);
}
