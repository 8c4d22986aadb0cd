// The request context that travels with every RPC message, as oslo.context does: every service
// logs the same request id for one API request, and the Pike+ layout of the log bracket.

import { randomUUID } from 'node:crypto';

export interface RequestContext {
  requestId: string;
  /** Caller-supplied id (X-OpenStack-Request-ID), or null. */
  globalRequestId: string | null;
  userId: string | null;
  projectId: string | null;
  roles: string[];
  isAdmin: boolean;
  /** The caller's keystone token (oslo.context's auth_token): compute passes it to glance, cinder and
   * neutron on the user's behalf ([service_user] send_service_user_token off). Never logged. */
  authToken?: string;
}

export function newRequestId(): string {
  return `req-${randomUUID()}`;
}

export function userContext(userId: string, projectId: string, roles: string[], globalRequestId: string | null = null): RequestContext {
  return { requestId: newRequestId(), globalRequestId, userId, projectId, roles, isAdmin: roles.includes('admin') };
}

/** Context of a periodic task or service-internal work: no user. */
export function adminContext(): RequestContext {
  return { requestId: newRequestId(), globalRequestId: null, userId: null, projectId: null, roles: ['admin'], isAdmin: true };
}

/** `[None req-… user project - - default default]`: oslo.log's Pike+ logging_context_format_string. */
export function contextBracket(ctx: RequestContext | null): string {
  if (ctx === null) return '[-]';
  const user = ctx.userId ?? '-';
  const project = ctx.projectId ?? '-';
  const domains = ctx.userId ? 'default default' : '- -';
  return `[${ctx.globalRequestId ?? 'None'} ${ctx.requestId} ${user} ${project} - - ${domains}]`;
}
