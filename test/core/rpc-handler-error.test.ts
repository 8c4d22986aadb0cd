// An exception in the compute's RPC handler before the build starts (oslo.messaging's
// 'Exception during message handling', a Python error in Nova's code as a fault-injection
// campaign or a bug leaves it): the boot failed where that line was logged, with the
// code-error cause — not a build stuck in silence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';

const SAMPLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../samples/boot-success');
const REQ = 'req-1257f203-f021-4d6f-b6f2-7ed155460441';
const USER = '9dc400a7cacf1891db12ec5f929d5eaa dd313fbef57732ab3fcb68356b9fd8c5 - - -';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-rpc-error-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const at = (msg: string, ctx = '') => `2026-11-23 10:15:02.470 2415 ERROR oslo_messaging.rpc.server ${ctx}${msg}`;
const HANDLER_ERROR = [
  at("Exception during message handling: KeyError: 'image_ref'", `[${REQ} ${USER}] `),
  at('Traceback (most recent call last):'),
  at('  File "/usr/lib/python2.7/site-packages/oslo_messaging/rpc/server.py", line 160, in _process_incoming'),
  at('    res = self.dispatcher.dispatch(message)'),
  at('  File "/usr/lib/python2.7/site-packages/nova/compute/manager.py", line 1839, in build_and_run_instance'),
  at("    image = request_spec['image_ref']"),
  at("KeyError: 'image_ref'"),
  '2026-11-23 10:55:00.000 2415 DEBUG nova.compute.manager [req-aaaaaaaa-1111-4222-8333-444455556666 - - - - -] Running periodic task ComputeManager._poll_rebooting_instances run_periodic_tasks /usr/lib/python2.7/site-packages/oslo_service/periodic_task.py:215',
];

describe("an exception in the compute's RPC handler", () => {
  it('fails the boot at the compute host where it was logged, as a programming error, not STUCK', async () => {
    const dir = path.join(tmp, 'handler');
    fs.cpSync(SAMPLE, dir, { recursive: true });
    const log = path.join(dir, 'cmp1/nova-compute.log');
    const lines = fs.readFileSync(log, 'utf8').split('\n');
    const first = lines.findIndex((l) => l.includes(REQ));
    fs.writeFileSync(log, [...lines.slice(0, first), ...HANDLER_ERROR].join('\n') + '\n');
    const t = (await traceRequest([dir], REQ)).trace!;
    expect(t.verdict).toMatchObject({ status: 'ERROR', failed_stage: 'compute.claim', cause: { id: 'code-error' } });
    expect(t.verdict.root_cause).toMatchObject({ host: 'cmp1', message: "Exception during message handling: KeyError: 'image_ref'" });
    expect(t.verdict.root_cause!.traceback.at(-1)).toBe("KeyError: 'image_ref'");
  });
});
