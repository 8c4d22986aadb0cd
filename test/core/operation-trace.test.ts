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

describe('a failed live migration', () => {
  it('is ERROR in the source host\'s migration stage with the catalogue\'s cause for live migrations', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-lm-'));
    try {
      const id = 'req-3f1c2b7a-9d4e-4c51-8a6f-2e7b9c0d1a35';
      const inst = '7c1e9a2b-4d3f-4e8a-9b6c-1d2e3f4a5b6c';
      const ctx = `[None ${id} admin admin]`;
      const put = (rel: string, lines: string[]) => { fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); fs.writeFileSync(path.join(dir, rel), lines.join('\n') + '\n'); };
      put('ctl/nova-api.log', [`2025-09-18 11:02:38.101 1201 INFO nova.api.openstack.requestlog ${ctx} 10.0.0.5 "POST /compute/v2.1/servers/${inst}/action" status: 202 len: 0 microversion: 2.25 time: 0.151002`]);
      put('cmp2/nova-compute.log', [`2025-09-18 11:02:39.004 5120 INFO nova.compute.manager ${ctx} [instance: ${inst}] Took 0.61 seconds for pre_live_migration on destination host cmp2.`]);
      put('cmp1/nova-compute.log', [
        `2025-09-18 11:02:39.610 48211 INFO nova.compute.manager ${ctx} [instance: ${inst}] Took 0.61 seconds for pre_live_migration on destination host cmp2.`,
        `2025-09-18 11:02:41.377 48211 ERROR nova.virt.libvirt.driver ${ctx} [instance: ${inst}] Live Migration failure: operation failed: Failed to connect to remote libvirt URI qemu+tcp://cmp2/system: unable to connect to server at 'cmp2:16509': Connection refused: libvirt.libvirtError: operation failed: Failed to connect to remote libvirt URI qemu+tcp://cmp2/system: unable to connect to server at 'cmp2:16509': Connection refused`,
        `2025-09-18 11:02:41.902 48211 ERROR nova.virt.libvirt.driver [-] [instance: ${inst}] Migration operation has aborted`,
      ]);
      const t = (await traceRequest([dir], id)).trace!;
      expect(t.operation).toBe('live-migration');
      expect(t.verdict.status).toBe('ERROR');
      expect(t.verdict.failed_stage).toBe('compute.migration');
      expect(t.verdict.cause?.id).toBe('live-migration-failed');
      expect(t.verdict.summary).toMatch(/^ERROR: live-migration-failed: live-migration cmp1 → \S+ failed in compute\.migration on cmp1: Live Migration failure/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
