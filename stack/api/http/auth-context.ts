// The request context of an HTTP request, as keystonemiddleware and oslo.context build it: the
// caller's user, project and roles from the token, a fresh local request id, and the caller's
// X-OpenStack-Request-ID (when it is a well-formed `req-<uuid>`) as the global request id.

import type { RequestContext } from '../../common/request-context.js';
import type { TokenInfo } from '../identity/token-store.js';

const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function globalRequestId(header: string | undefined): string | null {
  return header && REQUEST_ID.test(header) ? header : null;
}

/** A context that knows only its request ids (public routes, failed authentication). */
export function anonymousContext(requestId: string, globalId: string | null): RequestContext {
  return { requestId, globalRequestId: globalId, userId: null, projectId: null, roles: [], isAdmin: false };
}

export function contextFromToken(token: TokenInfo, requestId: string, globalId: string | null): RequestContext {
  return {
    requestId, globalRequestId: globalId, userId: token.userId, projectId: token.projectId,
    roles: token.roles, isAdmin: token.roles.includes('admin'), authToken: token.id,
  };
}
