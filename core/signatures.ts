// Failure signatures: how a failed boot looks in the logs, and what to tell the operator.
// Recognised from log lines alone. Order is precedence: the first signature with a matching
// record names the failure (a retry limit explains more than the spawn error under it).

import type { StageName } from './stage-names.js';
import { bootAccessWithStatus } from './boot-access.js';

export interface FailureSignature {
  id: string;
  /**
   * Stage the failure belongs to; 'last-attempt' = the failing stage of the last compute
   * attempt; 'line' = the stage the matching line falls in (where the build was when it was said).
   */
  stage: StageName | 'last-attempt' | 'line';
  service?: string;
  levels?: readonly string[];
  message: RegExp;
  /** Exception class to report when the root-cause record has no traceback to take it from. */
  exception: string | null;
  /** Which record is the root cause: the matching one, or the last compute failure before it. */
  rootCause: 'match' | 'last-compute-error' | 'filter-summary' | 'api-error' | 'conductor-error';
  probableCause: string;
  nextCheck: string;
}

/** Nova giving up after the last host the scheduler could try: every release's wording (populate_retry's before Ocata). */
export const RETRIES_EXHAUSTED = /Exceeded maximum number of retries|MaxRetriesExceeded|Exhausted all hosts available for retrying build failures|Exceeded max scheduling attempts \d+ for instance/;

export const SIGNATURES: readonly FailureSignature[] = [
  {
    id: 'retries-exceeded', stage: 'last-attempt', message: RETRIES_EXHAUSTED,
    exception: 'MaxRetriesExceeded', rootCause: 'last-compute-error',
    probableCause: 'the build failed on every host the scheduler tried, up to scheduler max_attempts',
    nextCheck: 'read the spawn error of each host below; if it is the same everywhere the cause is common (image, flavor, hypervisor config), not one host',
  },
  {
    // Nova since Pike: placement decides capacity and the scheduler stops before any filter
    // (Pike and Queens word it "This may be a temporary occurrence…", at DEBUG). An empty answer
    // (a two-digit body) to a query restricted to aggregates names the zone; otherwise the
    // scheduler's own line is the root.
    id: 'no-allocation-candidates', stage: 'scheduler.select_destinations',
    message: /^Got no allocation candidates from the Placement API\. This (could be due to insufficient resources|may be a temporary occurrence)|"GET [^"?]*\/allocation_candidates\?[^"]*member_of=[^"]*" status: 200 len: \d{1,2} /,
    exception: 'NoValidHost', rootCause: 'match',
    probableCause: 'placement found no resource provider able to take the request (free resources, the zone\'s aggregates, required or forbidden traits); the scheduler stopped before its filters',
    nextCheck: "placement's log for the GET /allocation_candidates query (resources, member_of, root_required), 'openstack resource provider usage show <rp>' and the hosts' 'Final resource view' lines",
  },
  {
    id: 'no-valid-host', stage: 'scheduler.select_destinations', message: /No valid host was found|Filtering removed all hosts for the request/,
    exception: 'NoValidHost', rootCause: 'filter-summary',
    probableCause: 'no compute host passed the scheduler filters for this flavor/image/request',
    nextCheck: "compare the flavor with free capacity ('openstack hypervisor stats show', 'openstack resource provider usage show'); check the filter named below and 'openstack compute service list'",
  },
  {
    id: 'build-aborted', stage: 'last-attempt', service: 'compute', message: /^Build of instance \S+ aborted:|\bBuildAbortException\b/,
    exception: 'BuildAbortException', rootCause: 'last-compute-error',
    probableCause: 'the compute host gave up the build without rescheduling it (network allocation or image errors)',
    nextCheck: 'read the error logged just before the abort on that host; the cause below names the service at fault',
  },
  {
    // Nova's periodic check (instance_build_timeout, off by default) found the build still
    // going and set the instance to ERROR: the build had stalled where its lines stop.
    id: 'build-timed-out', stage: 'line', service: 'compute', levels: ['WARNING', 'ERROR'],
    message: /^Instance build timed out\. Set to error state\./, exception: null, rootCause: 'match',
    probableCause: "the build made no progress until nova-compute's instance_build_timeout passed and Nova set the instance to ERROR: a call that never returned (image download, libvirt, neutron, cinder)",
    nextCheck: "the stage where the build's lines stop (below) and the service it waited for at that moment; on the host a Guru Meditation report (kill -USR2 <nova-compute pid>) if it still hangs; [DEFAULT] instance_build_timeout",
  },
  {
    id: 'unexpected-build-failure', stage: 'last-attempt', service: 'compute', levels: ['ERROR', 'CRITICAL'],
    message: /^Unexpected build failure, not rescheduling build/, exception: null, rootCause: 'match',
    probableCause: 'an exception Nova did not expect ended the build on the compute host (most likely a bug in Nova or a driver, or a broken configuration it trips over)',
    nextCheck: 'read the exception and its traceback below; search Launchpad for it; check the configuration and the code at the last frame',
  },
  {
    id: 'spawn-failed', stage: 'compute.spawn', service: 'compute', levels: ['ERROR', 'CRITICAL'],
    message: /Instance failed to spawn|Failed to build and run instance/, exception: null, rootCause: 'match',
    probableCause: 'the hypervisor driver failed to create the guest on the compute host',
    nextCheck: "read the traceback below; check the hypervisor on that host ('virsh list --all', libvirtd and qemu logs, /dev/kvm permissions)",
  },
  {
    // The conductor gave up on the request before any compute host had it (an RPC timeout to the
    // scheduler, a cell or database error): Nova says so at WARNING and sets the instance to ERROR.
    id: 'scheduling-failed', stage: 'scheduler.select_destinations', levels: ['WARNING', 'ERROR', 'CRITICAL'],
    message: /^Failed to (compute_task_build_instances|schedule instances)|^Setting instance to ERROR state/,
    exception: null, rootCause: 'conductor-error',
    probableCause: 'the conductor could not get the request scheduled and set the instance to ERROR (the reason is in the message: an RPC timeout, a cell mapping, a database error)',
    nextCheck: "the exception below; 'openstack compute service list' for nova-scheduler and nova-conductor; their logs at that time",
  },
  {
    // The API failed on the request (a 500 and its 'Unexpected exception in API method'): not a refusal.
    id: 'api-failed', stage: 'api.accepted', service: 'api',
    message: new RegExp(`^Unexpected exception in API method|${bootAccessWithStatus('5\\d\\d').source}`),
    exception: null, rootCause: 'api-error',
    probableCause: 'the API failed while handling the boot request (an internal error, HTTP 5xx); nothing was scheduled',
    nextCheck: "the API's traceback below; the services nova-api called at that moment (its database, keystone, neutron, glance) and its configuration for them",
  },
  {
    // By structure as well as by words: the access line's status is never translated.
    id: 'api-refused', stage: 'api.accepted', service: 'api',
    message: new RegExp(`^HTTP exception thrown: |${bootAccessWithStatus('[45]\\d\\d').source}`),
    exception: null, rootCause: 'api-error',
    probableCause: 'the API refused the boot request; nothing was scheduled',
    nextCheck: "the API's error message below; 'openstack server create --debug' shows the same answer",
  },
];

export function signatureById(id: string): FailureSignature | undefined {
  return SIGNATURES.find((s) => s.id === id);
}
