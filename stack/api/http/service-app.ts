// One HTTP service inside the api process (keystone-lite, nova, glance-lite, neutron-lite):
// where it is mounted, its routes, and the parts that differ between services — error body
// format, request-id headers, access lines, and hooks around the handler.

import type { PolicyEntry, Target } from '../../common/policy.js';
import type { ApiError } from './api-error.js';
import type { ApiReply } from './reply.js';
import type { ApiRequest } from './request.js';
import type { Route, Router } from './router.js';

export interface AccessEntry {
  req: ApiRequest;
  status: number;
  length: number;
  seconds: number;
}

/** A route's policy; `targetParam` names the route parameter holding the target project. */
export interface RoutePolicy extends PolicyEntry {
  targetParam?: string;
}

/** Every route's policy, keyed `METHOD pattern` (policyKey); a route missing here is refused. */
export type PolicyTable = Readonly<Record<string, RoutePolicy>>;

export const policyKey = (method: string, pattern: string) => `${method} ${pattern}`;

export interface ServiceApp {
  name: string;
  /** Path prefix (`/compute`); the identity service is mounted at the root with prefix ''. */
  prefix: string;
  router: Router;
  policy: PolicyTable;
  /** The 403 this service answers when its policy refuses `entry`. */
  policyDenied(entry: PolicyEntry, req: ApiRequest): ApiError;
  /** More of the policy target than the route's project (keystone's token subject). */
  policyTarget?(req: ApiRequest): Target;
  requestIdHeaders(requestId: string): Record<string, string>;
  renderError(err: ApiError, req: ApiRequest): ApiReply;
  /** An exception no handler expected: log it as the service would and answer 500. */
  renderUnexpected(err: Error, req: ApiRequest): ApiReply;
  /** Runs after authentication and policy, before the handler (may throw ApiError). */
  beforeHandler?(req: ApiRequest, route: Route): void;
  /** A path served for other methods only answers 404, not 405 (nova's routes Mapper: no route matches). */
  wrongMethodNotFound?: boolean;
  /** Extra headers on every routed response (compute's microversion headers). */
  responseHeaders?(req: ApiRequest): Record<string, string>;
  /** Logged at the start of every request (keystone's req_logging). */
  logRequest?(req: ApiRequest): void;
  /** The access line, written when the response is finished. */
  logAccess?(entry: AccessEntry): void;
}
