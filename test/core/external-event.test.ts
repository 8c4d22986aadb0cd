// neutron's event deliveries (POST /os-server-external-events) in real Pike logs: eventlet
// lends their context to the build's later lines (its vif timeout, its failure) and to
// periodic tasks. The delivery is traced as what it is — the API's event and the compute's
// processing of it — not as a failed delete of the server.
import { describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { realLogDir } from '../helpers/real-logs.js';

describe('external event deliveries', () => {
  it.each([
    ['fi-pike-nova-t57', 'req-57518c44-5fff-480a-b44c-27713e0fd561'],
    ['fi-pike-nova-t57', 'req-aa83fb70-ae86-40a2-a7f8-a04ec50c5cc8'],
    ['fi-pike-nova-t3', 'req-6c744ae3-1f2a-4f6c-8fa1-9d37ef0d6d6d'],
  ])('%s %s: external-event, the leaked build lines left out', async (set, req) => {
    const t = (await traceRequest([realLogDir(set)], req)).trace!;
    expect(t.operation).toBe('external-event');
    expect(t.verdict.status).not.toBe('ERROR');
    expect(t.records.every((r) => r.service === 'api' || /event|network info cache/i.test(r.message))).toBe(true);
    expect(t.warnings.join('\n')).toMatch(/line\(s\) under the request id were left out: other work that inherited the event delivery's context/);
  });
});
