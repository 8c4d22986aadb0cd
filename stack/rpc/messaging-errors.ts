// Errors that cross RPC. Expected failures of the protocol (NoValidHost, a reschedule) travel as
// values with their exception class, as oslo.messaging serializes them, and are raised again
// on the caller's side under the same class name with `_Remote` appended when printed.

export class MessagingTimeout extends Error {
  override readonly name = 'MessagingTimeout';
  constructor(readonly messageId: string, readonly topic: string, readonly method: string) {
    super(`Timed out waiting for a reply to message ID ${messageId}`);
  }
}

/** A failure raised by the remote side, re-raised locally. */
export class RemoteError extends Error {
  constructor(readonly excClass: string, message: string, readonly traceback: string[]) {
    super(message);
    this.name = `${excClass}_Remote`;
  }
}

/** An error class that is part of the protocol: logged without a traceback by the server. */
export class ExpectedError extends Error {
  constructor(readonly excClass: string, message: string) {
    super(message);
    this.name = excClass;
  }
}

export interface WireError { excClass: string; message: string; traceback: string[]; expected: boolean }

export function toWire(e: unknown): WireError {
  if (e instanceof ExpectedError) return { excClass: e.excClass, message: e.message, traceback: [], expected: true };
  if (e instanceof RemoteError) return { excClass: e.excClass, message: e.message, traceback: e.traceback, expected: false };
  const err = e instanceof Error ? e : new Error(String(e));
  // An error that carries the Python traceback Nova would print (its frames between the header and the exception line).
  const own = (err as { traceback?: unknown }).traceback;
  const traceback = Array.isArray(own) ? own.slice(1, -1).map((l) => String(l).replace(/^ {2}/, '')) : (err.stack ?? '').split('\n').slice(1).map((l) => l.trim());
  return { excClass: err.name || 'Error', message: err.message, traceback, expected: false };
}

export function fromWire(w: WireError): Error {
  return w.expected ? new ExpectedError(w.excClass, w.message) : new RemoteError(w.excClass, w.message, w.traceback);
}
