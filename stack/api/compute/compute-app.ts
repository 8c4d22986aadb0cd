// The nova API (v2.1) under /compute: the route table assembled from one module per resource,
// microversion negotiation, Nova's fault bodies, x-compute-request-id, the wsgi "calling
// method" DEBUG line before each controller and the requestlog access line after each request.

import type { ApiDeps } from '../api-deps.js';
import { ACCESS_FORMATS, accessLogger } from '../http/access-log.js';
import { ApiError, policyForbids, versionNotFound, WSGI_FAULT } from '../http/api-error.js';
import { authTokenRejection, json, type ApiReply } from '../http/reply.js';
import { header, type ApiRequest } from '../http/request.js';
import { Router, type Route } from '../http/router.js';
import type { ServiceApp } from '../http/service-app.js';
import { tracebackLines } from '../http/traceback.js';
import { aggregateRoutes } from './aggregates.js';
import { aggregateImageRoutes } from './aggregate-images.js';
import { availabilityZoneRoutes } from './availability-zones.js';
import { externalEventRoutes } from './external-events.js';
import { flavorRoutes } from './flavors.js';
import { hypervisorRoutes } from './hypervisors.js';
import { imageMetadataRoutes } from './image-metadata.js';
import { imageRoutes } from './images.js';
import { interfaceRoutes } from './interfaces.js';
import { volumeAttachmentRoutes } from './volume-attachments.js';
import { serverIpRoutes } from './server-ips.js';
import { serverDiagnosticsRoutes } from './server-diagnostics.js';
import { serverTopologyRoutes } from './server-topology.js';
import { serverSecurityGroupRoutes } from './server-security-groups.js';
import { securityGroupRuleRoutes } from './security-group-rules.js';
import { instanceActionRoutes } from './instance-actions.js';
import { keypairRoutes } from './keypairs.js';
import { migrationRoutes } from './migrations.js';
import { isSupported, microversionHeaders, negotiateMicroversion } from './microversion.js';
import { quotaClassRoutes } from './quota-classes.js';
import { quotaRoutes } from './quotas.js';
import { serverGroupRoutes } from './server-groups.js';
import { serverRoutes } from './servers.js';
import { serverTagRoutes } from './server-tags.js';
import { serviceRoutes } from './services.js';
import { versionRoutes } from './versions.js';
import { logProcessStack, routingAction } from './wsgi-log.js';
import { COMPUTE_POLICY } from './policy.js';

const PREFIX = '/compute';

/** nova.api.openstack.wsgi's fault names by status; anything else is a computeFault. */
const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'itemNotFound', 405: 'badMethod', 409: 'conflictingRequest',
  413: 'overLimit', 415: 'badMediaType', 429: 'overLimit', 501: 'notImplemented', 503: 'serviceUnavailable',
};

/** Python class names of the errors that reach the API from RPC, for the 500 message. */
function pythonClass(err: Error): string {
  if (err.name === 'MessagingTimeout') return 'oslo_messaging.exceptions.MessagingTimeout';
  const excClass = (err as { excClass?: string }).excClass;
  if (excClass) return `nova.exception_Remote.${excClass}_Remote`;
  return `builtins.${err.name || 'Exception'}`;
}

/** Errors nova.api.openstack.wsgi.Resource answers itself (not raised by a controller). */
const SUPPORTED_CONTENT_TYPES = ['application/json', 'application/vnd.openstack.compute+json'];

/** Request.get_content_type: the media type without parameters; none, '' and text/plain mean no type. */
function contentTypeSupported(req: ApiRequest): boolean {
  const raw = header(req, 'content-type');
  if (raw === undefined) return true;
  const type = raw.split(';')[0].trim().toLowerCase();
  return type === '' || type === 'text/plain' || SUPPORTED_CONTENT_TYPES.includes(type);
}

export function computeApp(deps: ApiDeps): ServiceApp {
  const log = deps.logs.nova;
  const wsgi = log.child('nova.api.openstack.wsgi');
  const routes: Route[] = [
    ...versionRoutes(deps), ...serverRoutes(deps), ...instanceActionRoutes(deps), ...flavorRoutes(deps), ...hypervisorRoutes(deps),
    ...serviceRoutes(deps), ...availabilityZoneRoutes(deps), ...aggregateRoutes(deps), ...aggregateImageRoutes(deps), ...serverGroupRoutes(deps),
    ...keypairRoutes(deps), ...quotaRoutes(deps), ...quotaClassRoutes(deps), ...externalEventRoutes(deps),
    ...migrationRoutes(deps), ...imageRoutes(deps), ...imageMetadataRoutes(deps), ...serverSecurityGroupRoutes(deps), ...securityGroupRuleRoutes(deps), ...interfaceRoutes(deps), ...volumeAttachmentRoutes(deps), ...serverIpRoutes(deps),
    ...serverTagRoutes(deps), ...serverDiagnosticsRoutes(deps), ...serverTopologyRoutes(deps),
  ];
  return {
    name: 'compute',
    prefix: PREFIX,
    router: new Router(routes),
    policy: COMPUTE_POLICY,
    policyDenied: (entry) => policyForbids(entry.action),
    requestIdHeaders: (id) => ({ 'x-openstack-request-id': id, 'x-compute-request-id': id }),
    wrongMethodNotFound: true,
    beforeHandler(req: ApiRequest, route: Route) {
      if (!req.authenticated) return;
      req.microversion = negotiateMicroversion(req);
      // nova.api.openstack.wsgi: a Content-Type other than JSON (text/plain and none count as none) is refused.
      if (!contentTypeSupported(req)) throw new ApiError(415, 'Unsupported Content-Type', WSGI_FAULT);
      if (route.calls) logProcessStack(wsgi, req, route.action ?? routingAction(route.calls), route.calls);
      // VersionNotFoundForAPIMethod: a bare 404 Fault, as if the method did not exist.
      if (route.versions && !isSupported(req, ...route.versions)) throw versionNotFound();
    },
    responseHeaders: (req) => (req.microversion ? microversionHeaders(req.microversion) : {}),
    renderError(err: ApiError, req: ApiRequest): ApiReply {
      if (err.status === 401) return authTokenRejection(err.message);
      // A Fault the wsgi Resource returns itself is logged by Fault.__call__ at DEBUG; an exception
      // from a controller at INFO, before the access line.
      if (err.kind === WSGI_FAULT) wsgi.debug(req.ctx, null, `Returning ${err.status} to user: ${err.message}`, { func: '__call__', file: 'api/openstack/wsgi.py', line: 908 });
      else wsgi.info(req.ctx, null, `HTTP exception thrown: ${err.message}`);
      const fault = FAULT_NAMES[err.status] ?? 'computeFault';
      return json(err.status, { [fault]: { code: err.status, message: err.message } });
    },
    renderUnexpected(err: Error, req: ApiRequest): ApiReply {
      const cls = pythonClass(err);
      wsgi.exception(req.ctx, null, 'Unexpected exception in API method', tracebackLines(err, cls));
      const message = `Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class '${cls}'>`;
      return json(500, { computeFault: { code: 500, message } });
    },
    logAccess: accessLogger(log.child('nova.api.openstack.requestlog'), ACCESS_FORMATS.nova, PREFIX),
  };
}
