// The text a cause is matched against: the record's message and the exception lines of its
// traceback ("nova.exception.PortBindingFailed: Binding failed…", chained ones included, with
// the further lines of a message that spans several, as libvirt's quoting qemu's stderr does) —
// not the frames and source lines, where any word of Nova's code can appear, nor guest XML.

const EXCEPTION_LINE = /^[A-Za-z_][\w.]*(?:: |$)/;
const NOT_EXCEPTION = /^(Traceback \(most recent call last\)|During handling of the above exception|The above exception was the direct cause)/;
/** A frame or its source line (indented), or markup: never part of an exception's message. */
const NOT_MESSAGE = /^[\s<]/;

export function causeText(message: string, continuation: readonly string[]): string {
  const lines = [message];
  let inMessage = false;
  for (const l of continuation) {
    if (NOT_EXCEPTION.test(l) || NOT_MESSAGE.test(l) || l === '') inMessage = false;
    else if (EXCEPTION_LINE.test(l)) { lines.push(l); inMessage = true; }
    else if (inMessage) lines.push(l);
  }
  return lines.join('\n');
}
