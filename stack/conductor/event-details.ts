// The `details` of a failed instance action event (shown from 2.84), as InstanceActionEvent's
// pack_action_event_finish stores them: compute_utils.exception_to_dict(exc_val)['message'], i.e.
// a NovaException's formatted message, the class name of any other exception (its text may hold
// deployment details), a plain string as it is; cut to 255 bytes (utils.safe_truncate). The stack
// keeps the traceback of every failed event, whose last line is the exception as Python prints it.

/** Python's built-in exceptions, which the stack may name without a module. */
const BUILTINS = new Set(['Exception', 'ValueError', 'TypeError', 'KeyError', 'IndexError', 'AttributeError', 'RuntimeError', 'NotImplementedError',
  'OSError', 'IOError', 'TimeoutError', 'ConnectionError', 'ConnectionRefusedError', 'AssertionError', 'Error']);

function safeTruncate(text: string, bytes = 255): string {
  const b = Buffer.from(text, 'utf8');
  if (b.length <= bytes) return text;
  return new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, bytes)).replace(/\uFFFD+$/, '');
}

/** null for an event without a failure. */
export function eventDetails(traceback: string | null): string | null {
  if (traceback === null) return null;
  const last = traceback.trimEnd().split('\n').pop()?.trim() ?? '';
  const m = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/s.exec(last);
  if (!m) return safeTruncate(last);
  const [, cls, message = ''] = m;
  const name = cls.split('.').pop()!;
  const novaException = cls.startsWith('nova.exception.') || (!cls.includes('.') && !BUILTINS.has(cls));
  return safeTruncate(novaException && message ? message : name);
}
