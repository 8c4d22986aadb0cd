// How a boot ended, from the lines real Nova writes in every release, translated or not.
import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '../../core/signatures.js';

function endingOf(service: string, level: string, message: string, continuation: string[] = []): string | null {
  for (const sig of SIGNATURES) {
    if (sig.service && sig.service !== service) continue;
    if (sig.levels && !sig.levels.includes(level)) continue;
    const last = continuation.filter((l) => l.trim()).pop() ?? '';
    if (sig.message.test(message) || sig.message.test(last)) return sig.id;
  }
  return null;
}

describe('failure signatures', () => {
  it.each([
    ['conductor', 'WARNING', 'Failed to compute_task_build_instances: No valid host was found. There are not enough hosts available.', [], 'no-valid-host'],
    ['scheduler', 'INFO', 'Got no allocation candidates from the Placement API. This could be due to insufficient resources or a temporary occurrence as compute nodes start up.', [], 'no-allocation-candidates'],
    // Pike and Queens: the same empty answer, worded before Rocky and logged at DEBUG.
    ['scheduler', 'DEBUG', 'Got no allocation candidates from the Placement API. This may be a temporary occurrence as compute nodes start up and begin reporting inventory to the Placement service.', [], 'no-allocation-candidates'],
    ['conductor', 'ERROR', 'Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance 3f8e.', [], 'retries-exceeded'],
    ['conductor', 'WARNING', 'Failed to compute_task_build_instances: Timed out waiting for a reply to message ID 9c1e', [], 'scheduling-failed'],
    ['conductor', 'WARNING', 'Setting instance to ERROR state.', [], 'scheduling-failed'],
    ['compute', 'ERROR', 'Build of instance 3f8e aborted: Failed to allocate the network(s), not rescheduling.', [], 'build-aborted'],
    // Italian locale: the message is translated, the exception line of the traceback is not.
    ['compute', 'ERROR', "La build dell'istanza 3f8e è stata interrotta: 'dns'", ['Traceback (most recent call last):', "BuildAbortException: La build dell'istanza 3f8e \\xe8 stata interrotta: 'dns'", ''], 'build-aborted'],
    ['compute', 'ERROR', 'Unexpected build failure, not rescheduling build.: UnicodeDecodeError: ...', [], 'unexpected-build-failure'],
    ['compute', 'ERROR', 'Instance failed to spawn', ['Traceback (most recent call last):', 'libvirtError: internal error'], 'spawn-failed'],
    ['api', 'INFO', '10.0.0.5 "POST /v2.1/servers HTTP/1.1" status: 403 len: 495 time: 2.8721631', [], 'api-refused'],
    ['api', 'INFO', '10.0.0.5 "POST /v2/4b1e/servers HTTP/1.1" status: 500 len: 212 time: 0.12', [], 'api-failed'],
  ])('%s %s %s → %s', (service, level, message, continuation, id) => {
    expect(endingOf(service, level, message, continuation as string[])).toBe(id);
  });

  it('names no ending for a successful boot', () => {
    expect(endingOf('api', 'INFO', '10.0.0.5 "POST /v2.1/servers HTTP/1.1" status: 202 len: 411 time: 1.15', [])).toBeNull();
    expect(endingOf('compute', 'INFO', 'Took 10.03 seconds to build instance.', [])).toBeNull();
  });
});
