// nova-trace follows the operations other than a boot on the stack's own logs (INFO, as Nova
// writes them by default): each action is run with the real CLI, its request id taken from
// `openstack server event list`, and its trace must show the operation's stages on the right
// hosts and the verdict — COMPLETED with the proving line, or ERROR where the failure was logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot, tick } from './move-harness.js';
import { stackUp, type Stack } from './stack-harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await stackUp(2, ['--delays', 'zero'], { driver: { claim: 0, network: 0, image: 0, spawn: 0, vifPlugged: 0, liveMigration: 500 } });
}, 290_000);
afterAll(() => stack?.down(), 90_000);

interface Span { stage: string; status: string; host: string | null }
interface TraceOut { operation: string; hosts: string[]; verdict: { status: string; failed_stage: string | null; summary: string }; stages: Span[] }

/** The request id of the server's latest action of `kind`, as `openstack server event list` shows it. */
async function lastEvent(name: string, kind: string): Promise<string> {
  const r = await stack.openstack('server', 'event', 'list', name, '-f', 'json');
  expect(r.code, r.err).toBe(0);
  const events = JSON.parse(r.out) as { 'Request ID': string; Action: string }[];
  const e = events.find((x) => x.Action === kind);
  expect(e, JSON.stringify(events)).toBeDefined();
  return e!['Request ID'];
}

async function trace(reqId: string): Promise<TraceOut> {
  const r = await stack.trace(reqId, '--log-dir', stack.logDir, '--json');
  expect(r.code === 0 || r.code === 1, r.err).toBe(true);
  return JSON.parse(r.out) as TraceOut;
}

const stageOf = (t: TraceOut, stage: string) => t.stages.find((s) => s.stage === stage);

async function waitFor(name: string, status: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const r = await stack.openstack('server', 'show', name, '-f', 'json');
    const s = JSON.parse(r.out) as { status: string; 'OS-EXT-STS:task_state': string | null; 'OS-EXT-SRV-ATTR:host': string };
    if (s.status === status && !s['OS-EXT-STS:task_state']) return s['OS-EXT-SRV-ATTR:host'];
    await new Promise((res) => setTimeout(res, 300));
  }
  throw new Error(`${name} never reached ${status}`);
}

describe('operations traced on the stack', () => {
  it('a live migration: source and destination stages on their hosts, COMPLETED by the source\'s last line', async () => {
    const src = (await boot(stack, 'op1'))['OS-EXT-SRV-ATTR:host']!;
    const r = await stack.openstack('server', 'migrate', '--live-migration', '--block-migration', 'op1');
    expect(r.code, r.err).toBe(0);
    const dst = await waitFor('op1', 'ACTIVE');
    expect(dst).not.toBe(src);
    await tick();
    const t = await trace(await lastEvent('op1', 'live-migration'));
    expect(t.operation).toBe('live-migration');
    expect(t.verdict.status).toBe('COMPLETED');
    expect(t.verdict.summary).toBe(`COMPLETED: live-migration ${src} → ${dst}`);
    expect(stageOf(t, 'compute.check_destination')).toMatchObject({ status: 'ok', host: dst });
    expect(stageOf(t, 'compute.migration')).toMatchObject({ status: 'ok', host: src });
    expect(stageOf(t, 'compute.post_at_destination')).toMatchObject({ status: 'ok', host: dst });
    expect(stageOf(t, 'compute.post_live_migration')).toMatchObject({ status: 'ok', host: src });
  });

  it('a resize: claimed on the destination, the disk moved from the source, finished on the destination', async () => {
    const src = (await boot(stack, 'op2'))['OS-EXT-SRV-ATTR:host']!;
    expect((await stack.openstack('server', 'resize', '--flavor', 'm1.small', 'op2')).code).toBe(0);
    const dst = await waitFor('op2', 'VERIFY_RESIZE');
    await tick();
    const t = await trace(await lastEvent('op2', 'resize'));
    expect(t.operation).toBe('resize');
    expect(t.verdict.status).toBe('COMPLETED');
    expect(stageOf(t, 'compute.prep_resize')).toMatchObject({ status: 'ok', host: dst });
    expect(stageOf(t, 'compute.resize_instance')).toMatchObject({ status: 'ok', host: src });
    expect(stageOf(t, 'compute.finish_resize')).toMatchObject({ status: 'ok', host: dst });
    expect((await stack.openstack('server', 'resize', 'confirm', 'op2')).code).toBe(0);
  });

  it('a refused live migration (no host can take it): ERROR where the conductor gave up, the server left where it was', async () => {
    await boot(stack, 'op3', 'm1.medium');
    // Without --block-migration the hosts (no shared storage) refuse the move in their checks.
    const r = await stack.openstack('server', 'migrate', '--live-migration', 'op3');
    expect(r.code).not.toBe(0);
    await tick();
    const t = await trace(await lastEvent('op3', 'live-migration'));
    expect(t.operation).toBe('live-migration');
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.failed_stage).toBe('conductor.live_migrate');
    expect(stageOf(t, 'compute.migration')?.status).toBe('not_reached');
  });

  it('a rebuild and a delete: COMPLETED by the guest spawned again, by the network given back', async () => {
    await boot(stack, 'op4');
    expect((await stack.openstack('server', 'rebuild', '--image', 'cirros', 'op4')).code).toBe(0);
    await waitFor('op4', 'ACTIVE');
    await tick();
    const rebuilt = await trace(await lastEvent('op4', 'rebuild'));
    expect(rebuilt).toMatchObject({ operation: 'rebuild', verdict: { status: 'COMPLETED' } });
    expect(stageOf(rebuilt, 'compute.rebuild')?.status).toBe('ok');
    const del = await stack.openstack('--debug', 'server', 'delete', '--wait', 'op4');
    expect(del.code, del.err.slice(-500)).toBe(0);
    const reqId = /DELETE call to compute for \S+ used request id (req-[0-9a-f-]+)/.exec(del.err)![1];
    await tick();
    const gone = await trace(reqId);
    expect(gone).toMatchObject({ operation: 'delete', verdict: { status: 'COMPLETED' } });
    expect(stageOf(gone, 'compute.terminate')?.status).toBe('ok');
  });
});
