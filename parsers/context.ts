// Request-context brackets as Nova has written them across releases. The bracket's inner
// text is split on spaces; which slot holds what depends on the first tokens:
//   `-`                                         no context
//   `req-X`  `req-X None`  `req-X `            Juno and older (user may be None or missing)
//   `req-X user project - - -`                  Kilo–Ocata (periodic tasks: `req-X - - - - -`)
//   `None req-X user project dom sys udom pdom` Pike+ without a caller-supplied global id
//   `req-G req-X user project …`                Pike+ with a global request id

import type { RequestContext } from './record.js';
import { NO_CONTEXT } from './record.js';

function slot(v: string | undefined): string | null {
  return v === undefined || v === '' || v === '-' || v === 'None' ? null : v;
}

export function isRequestId(token: string | undefined): boolean {
  return token !== undefined && token.length > 4 && token.charCodeAt(0) === 0x72 /* r */ && token.startsWith('req-');
}

/** Parse the text between `[` and `]` of a context bracket; null when it is not a context. */
export function parseContext(inner: string): RequestContext | null {
  if (inner === '-' || inner === '') return NO_CONTEXT;
  const t = inner.split(' ');
  if (isRequestId(t[0])) {
    if (isRequestId(t[1])) {
      return { globalRequestId: t[0], requestId: t[1], user: slot(t[2]), project: slot(t[3]) };
    }
    return { globalRequestId: null, requestId: t[0], user: slot(t[1]), project: slot(t[2]) };
  }
  if (t[0] === 'None' && isRequestId(t[1])) {
    return { globalRequestId: null, requestId: t[1], user: slot(t[2]), project: slot(t[3]) };
  }
  return null;
}
