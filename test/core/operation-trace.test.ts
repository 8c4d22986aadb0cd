// Operations other than a boot, traced on real deployments' logs: the Juno live migrations
// (c30 → c29, then back) and a loghub delete.
import { describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { realLogDir } from '../helpers/real-logs.js';

const JUNO = realLogDir('osp6-juno-live-migration');
const statusOf = (t: { stages: { stage: string; status: string; host: string | null }[] }, stage: string) => t.stages.find((s) => s.stage === stage);

describe('live migration on Juno logs', () => {
  it('c30 → c29: the source host, whose lines carry no request id, is joined; the next migration is left out', async () => {
    const t = (await traceRequest([JUNO], 'req-5f2adc28-1772-480e-a35c-c12ec08b94d7')).trace!;
    expect(t.operation).toBe('live-migration');
    expect(t.verdict.status).toBe('COMPLETED');
    expect(t.verdict.summary).toMatch(/hp-ms-01-c30 → hp-ms-01-c29/);
    expect(statusOf(t, 'api.accepted')).toMatchObject({ status: 'ok', host: 'hp-ms-01-c29' });
    expect(statusOf(t, 'compute.check_destination')).toMatchObject({ status: 'ok', host: 'hp-ms-01-c29' });
    expect(statusOf(t, 'compute.migration')).toMatchObject({ status: 'ok', host: 'hp-ms-01-c30' });
    expect(statusOf(t, 'compute.post_live_migration')).toMatchObject({ status: 'ok', host: 'hp-ms-01-c30' });
    expect(statusOf(t, 'compute.post_at_destination')).toMatchObject({ status: 'ok', host: 'hp-ms-01-c29' });
    // The second migration (c29 → c30) began at 10:54:10.5: none of its lines are here.
    expect(t.records.some((r) => r.message.startsWith('Migrating instance to hp-ms-01-c29') && r.host === 'hp-ms-01-c30')).toBe(true);
    expect(t.records.some((r) => r.message.startsWith('Migrating instance to hp-ms-01-c30'))).toBe(false);
    expect(t.records.every((r) => r.ts < '2015-10-29 10:54:10.5')).toBe(true);
  });

  it('c29 → c30', async () => {
    const t = (await traceRequest([JUNO], 'req-4b3cdd21-f6ba-4b00-be58-07a1414717ea')).trace!;
    expect(t.verdict.status).toBe('COMPLETED');
    expect(t.verdict.summary).toMatch(/hp-ms-01-c29 → hp-ms-01-c30/);
    expect(statusOf(t, 'compute.migration')).toMatchObject({ status: 'ok', host: 'hp-ms-01-c29' });
    expect(statusOf(t, 'compute.post_at_destination')).toMatchObject({ status: 'ok', host: 'hp-ms-01-c30' });
  });
});

describe('delete on loghub logs', () => {
  it('is completed by its network deallocation', async () => {
    const t = (await traceRequest([realLogDir('loghub-openstack-2k')], 'req-c53a921a-16c7-422e-8c9d-c922a720d047')).trace!;
    expect(t.operation).toBe('delete');
    expect(t.verdict.status).toBe('COMPLETED');
    expect(statusOf(t, 'compute.terminate')?.status).toBe('ok');
    expect(statusOf(t, 'compute.network')?.status).toBe('ok');
  });
});
