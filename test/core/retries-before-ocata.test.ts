// Before Ocata the retry limit was checked when the build came back to be scheduled again, in
// nova.scheduler.utils.populate_retry, worded "Exceeded max scheduling attempts N for instance X.
// Last exception: …" (Juno: a NoValidHost; Kilo to Newton: MaxRetriesExceeded, "Exceeded maximum
// number of retries." in front). It is a retry limit, not a host the filters refused, and its last
// exception is the compute's own: a claim the host refused (DEBUG only on the host), a binding.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-old-retries-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const REQ = 'req-2c4e6a8b-0d1f-4b39-a7c9-e1f3b5d7a9c1';
const INSTANCE = 'e3a7c1f5-9b2d-4e86-a0c4-2f6b8d0e4a71';

function layout(name: string, files: Record<string, string[]>): string {
  const dir = path.join(tmp, name);
  for (const [file, lines] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `${lines.join('\n')}\n`);
  }
  return dir;
}

describe('the retry limit as Juno to Newton worded it', () => {
  it('Kilo, computes at INFO: the last exception is a claim the host refused → compute-claim-failed (retries-exceeded)', async () => {
    const ctx = `${REQ} 8a0c2e4f6b3d4d75b9e1a3c5e7f9b1d6 2c4e6a8b0d1f4b39a7c9e1f3b5d7a9c1 - - -`;
    const dir = layout('kilo', {
      'ctl1/nova-api.log': [`2016-10-04 09:12:40.101 3012 INFO nova.osapi_compute.wsgi.server [${ctx}] 10.0.0.5 "POST /v2/2c4e6a8b0d1f4b39a7c9e1f3b5d7a9c1/servers HTTP/1.1" status: 202 len: 732 time: 0.5121`],
      'ctl1/nova-conductor.log': [
        `2016-10-04 09:12:45.310 1877 WARNING nova.scheduler.utils [${ctx}] Failed to compute_task_build_instances: Exceeded maximum number of retries. Exceeded max scheduling attempts 3 for instance ${INSTANCE}. Last exception: Insufficient compute resources: Free memory 1024.00 MB < requested 2048 MB.`,
        `2016-10-04 09:12:45.312 1877 WARNING nova.scheduler.utils [${ctx}] [instance: ${INSTANCE}] Setting instance to ERROR state.`,
      ],
    });
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', signature: 'retries-exceeded', cause: { id: 'compute-claim-failed' }, failed_stage: 'compute.claim' });
  });

  it('Juno: a NoValidHost whose last exception is the compute\'s binding failure → port-binding-failed, rooted on the compute', async () => {
    const ctx = `${REQ} None`;
    const dir = layout('juno', {
      'ctl1/nova-api.log': [`2014-11-20 15:02:38.101 3012 INFO nova.osapi_compute.wsgi.server [${ctx}] 10.0.0.5 "POST /v2/2c4e6a8b0d1f4b39a7c9e1f3b5d7a9c1/servers HTTP/1.1" status: 202 len: 732 time: 0.5121`],
      'cmp1/nova-compute.log': [
        `2014-11-20 15:02:40.201 4471 AUDIT nova.compute.manager [${ctx}] [instance: ${INSTANCE}] Starting instance...`,
        `2014-11-20 15:02:41.512 4471 ERROR nova.compute.manager [${ctx}] [instance: ${INSTANCE}] Instance failed to spawn`,
        `2014-11-20 15:02:41.512 4471 TRACE nova.compute.manager [instance: ${INSTANCE}] Traceback (most recent call last):`,
        `2014-11-20 15:02:41.512 4471 TRACE nova.compute.manager [instance: ${INSTANCE}]   File "/usr/lib/python2.7/dist-packages/nova/virt/libvirt/vif.py", line 520, in plug`,
        `2014-11-20 15:02:41.512 4471 TRACE nova.compute.manager [instance: ${INSTANCE}]     _("Unexpected vif_type=%s") % vif_type)`,
        `2014-11-20 15:02:41.512 4471 TRACE nova.compute.manager [instance: ${INSTANCE}] NovaException: Unexpected vif_type=binding_failed`,
        `2014-11-20 15:02:41.512 4471 TRACE nova.compute.manager [instance: ${INSTANCE}] `,
      ],
      'ctl1/nova-conductor.log': [
        `2014-11-20 15:02:42.310 1877 WARNING nova.scheduler.driver [${ctx}] [instance: ${INSTANCE}] NoValidHost exception with message: 'No valid host was found. Exceeded max scheduling attempts 1 for instance ${INSTANCE}. Last exception: [u'Traceback (most recent call last):\\n', u'  File "/usr/lib/python2.7/dist-packages/nova/compute/manager.py", line 2033, in do_build_and_run_instance\\n', u'NovaException: Unexpected vif_type=binding_failed\\n']'`,
        `2014-11-20 15:02:42.312 1877 WARNING nova.scheduler.driver [${ctx}] [instance: ${INSTANCE}] Setting instance to ERROR state.`,
      ],
    });
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', signature: 'retries-exceeded', cause: { id: 'port-binding-failed' } });
    expect(t.verdict.root_cause?.file).toBe('cmp1/nova-compute.log');
  });
});
