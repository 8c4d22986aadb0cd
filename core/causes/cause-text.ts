// The text a cause is matched against: the record's message and the exception lines of its
// traceback ("nova.exception.PortBindingFailed: Binding failed…", chained ones included) —
// not the frames and source lines, where any word of Nova's code can appear, nor guest XML.

const EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?:: |$)/;
const NOT_EXCEPTION = /^(Traceback \(most recent call last\)|During handling of the above exception|The above exception was the direct cause)/;

export function causeText(message: string, continuation: readonly string[]): string {
  const lines = [message];
  for (const l of continuation) if (EXCEPTION_LINE.test(l) && !NOT_EXCEPTION.test(l)) lines.push(l);
  return lines.join('\n');
}
