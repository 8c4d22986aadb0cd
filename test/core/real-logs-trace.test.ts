// The tracer on logs written by real Nova deployments (Kilo, Juno, Ocata-era): the cases the
// issue names, checked field by field.
import { describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { realLogDir } from '../helpers/real-logs.js';

describe('rdo-kilo-boots', () => {
  const dir = realLogDir('rdo-kilo-boots');

  it('rebuilds a successful boot across api, scheduler and compute on controller1, through the [-] spawn line', async () => {
    const { trace } = await traceRequest([dir], 'req-3659683e-40bd-43a5-a7d3-7d909fda70f5');
    expect(trace).not.toBeNull();
    const t = trace!;
    expect(t.operation).toBe('boot');
    expect(t.verdict.status).toBe('ACTIVE');
    expect(t.hosts).toEqual(['controller1']);
    expect(t.instances).toEqual(['f730a1bc-5972-48ab-9ca2-e9f178ca97f0']);
    expect(new Set(t.records.map((r) => r.service))).toEqual(new Set(['api', 'conductor', 'scheduler', 'compute']));
    const spawned = t.records.find((r) => r.message === 'Instance spawned successfully.');
    expect(spawned).toMatchObject({ request_id: null, joined_by: 'instance', file: 'controller1/nova-compute.log', stage: 'compute.spawn' });
    const status = Object.fromEntries(t.stages.map((s) => [s.stage, s.status]));
    expect(status).toMatchObject({ 'api.accepted': 'ok', 'compute.claim': 'ok', 'compute.image': 'ok', 'compute.spawn': 'ok' });
    // GET polling of the same instance by other requests must not join.
    expect(t.records.every((r) => r.request_id === 'req-3659683e-40bd-43a5-a7d3-7d909fda70f5' || r.joined_by === 'instance')).toBe(true);
  });

  it('follows req-22a1feae onto networker2', async () => {
    const { trace } = await traceRequest([dir], 'req-22a1feae-f615-4021-8440-5efbcd223941');
    expect(trace!.hosts).toEqual(['networker2']);
    expect(trace!.verdict.status).toBe('ACTIVE');
    expect(trace!.records.some((r) => r.file === 'networker2/nova-compute.log' && r.message === 'Instance spawned successfully.')).toBe(true);
  });

  it('finds the boot from the instance uuid alone', async () => {
    const { trace } = await traceRequest([dir], 'f730a1bc-5972-48ab-9ca2-e9f178ca97f0');
    expect(trace!.request_ids).toEqual(['req-3659683e-40bd-43a5-a7d3-7d909fda70f5']);
    expect(trace!.verdict.status).toBe('ACTIVE');
  });
});

describe('loghub-openstack-2k (file-name prefixed lines, CRLF, no final newline)', () => {
  const dir = realLogDir('loghub-openstack-2k');

  it('traces the 20.71 s boot of req-6a763803 and stops at the instance delete', async () => {
    const { trace } = await traceRequest([dir], 'req-6a763803-4838-49c7-814e-eaefbaddee9d');
    const t = trace!;
    expect(t.operation).toBe('boot');
    expect(t.verdict.status).toBe('ACTIVE');
    const built = t.records.find((r) => r.stage === 'instance.active');
    expect(built?.message).toBe('Took 20.71 seconds to build instance.');
    expect(new Set(t.records.map((r) => r.service))).toEqual(new Set(['api', 'compute']));
    expect(t.records.some((r) => r.message.includes('destroyed'))).toBe(false);
    expect(t.end).toBe('2017-05-16 00:00:51.794');
  });

  it.each([
    'req-3ea4052c-895d-4b64-9e2d-04d64c4d94ab',
    'req-addc1839-2ed5-4778-b57e-5854eb7b8b09',
  ])('presents the periodic-task id %s as a periodic task, not a boot', async (id) => {
    const { trace } = await traceRequest([dir], id);
    expect(trace!.operation).toBe('periodic-task');
    expect(trace!.stages).toEqual([]);
    expect(trace!.timeline.length).toBeGreaterThan(0);
  });
});

describe('osp6-juno-live-migration', () => {
  it('shows req-4b3cdd21 as a live migration to hp-ms-01-c30, with the source host joined by the instance', async () => {
    const { trace } = await traceRequest([realLogDir('osp6-juno-live-migration')], 'req-4b3cdd21-f6ba-4b00-be58-07a1414717ea');
    const t = trace!;
    expect(t.operation).toBe('live-migration');
    expect(t.stages.filter((s) => s.status === 'ok').map((s) => s.stage)).toContain('compute.migration');
    expect(t.timeline.map((l) => `${l.service}@${l.host}`).sort()).toEqual(['api@hp-ms-01-c29', 'compute@hp-ms-01-c29', 'compute@hp-ms-01-c30']);
    expect(t.instances).toEqual(['a18a5824-4215-4e24-bcfc-cb9f89f6bcbd']);
  });
});
