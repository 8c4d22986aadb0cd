// pause/unpause, suspend/resume, rescue/unrescue, changePassword, os-resetState and the
// console log, driven with the real openstack CLI: the task state the API sets (seen while the
// host is frozen), the state the host leaves, the instance action with its compute event, and
// Nova's lines in the logs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackUp, type Stack } from './stack-harness.js';
import { actionEvents, cliJson, serverEvents, serverState, waitStatus, whileHostFrozen } from './actions-harness.js';

let stack: Stack;
let id: string;
let host: string;
beforeAll(async () => {
  stack = await stackUp(2);
  const s = await cliJson(stack, 'server', 'create', '--flavor', 'm1.tiny', '--image', 'cirros', '--network', 'private', 'vm-act', '--wait');
  id = s.id;
  host = s['OS-EXT-SRV-ATTR:host'];
}, 270_000);
afterAll(() => stack?.down(), 90_000);

const computeLog = () => fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8');
const linesOf = (log: string, requestId: string) => log.split('\n').filter((l) => l.includes(requestId));

/** One action, checked end to end: transient state, final state, action record and the host's lines. */
async function act(cli: string[], transient: { status: string; task: string }, final: { status: string; vm: string; power: number }, record: string, method: string, info: string | null) {
  const during = await whileHostFrozen(stack, host, id, async () => {
    const r = await stack.openstack('server', ...cli, id);
    expect(r.code, r.err).toBe(0);
  });
  expect({ status: during.status, task: during.task }).toEqual(transient);
  const after = await waitStatus(stack, id, final.status);
  expect({ status: after.status, vm: after.vm, task: after.task, power: after.power }).toEqual({ ...final, task: null });
  const latest = (await serverEvents(stack, id))[0];
  expect(latest.action).toBe(record);
  expect(await actionEvents(stack, id, latest.requestId)).toEqual([`compute_${method} Success`]);
  const lines = linesOf(computeLog(), latest.requestId);
  if (info) expect(lines.some((l) => l.includes(`INFO nova.compute.manager [`) && l.endsWith(`[instance: ${id}] ${info}`)), lines.join('\n')).toBe(true);
  return latest.requestId;
}

describe('actions that keep a server on its host', () => {
  it('pause and unpause: PAUSED with power state Paused, then ACTIVE', async () => {
    await act(['pause'], { status: 'ACTIVE', task: 'pausing' }, { status: 'PAUSED', vm: 'paused', power: 3 }, 'pause', 'pause_instance', 'Pausing');
    // Nova's 409 for an action in the wrong state.
    const again = await stack.openstack('server', 'pause', id);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain(`Cannot 'pause' instance ${id} while it is in vm_state paused`);
    await act(['unpause'], { status: 'PAUSED', task: 'unpausing' }, { status: 'ACTIVE', vm: 'active', power: 1 }, 'unpause', 'unpause_instance', 'Unpausing');
  }, 90_000);

  it('suspend and resume: SUSPENDED (the managed save shuts the domain off), then ACTIVE', async () => {
    await act(['suspend'], { status: 'ACTIVE', task: 'suspending' }, { status: 'SUSPENDED', vm: 'suspended', power: 4 }, 'suspend', 'suspend_instance', null);
    expect((await stack.openstack('server', 'unpause', id)).err).toContain(`Cannot 'unpause' instance ${id} while it is in vm_state suspended`);
    await act(['resume'], { status: 'SUSPENDED', task: 'resuming' }, { status: 'ACTIVE', vm: 'active', power: 1 }, 'resume', 'resume_instance', 'Resuming');
  }, 90_000);

  it('rescue returns the rescue password, boots the rescue disk; unrescue gives the server back', async () => {
    const r = await cliJson(stack, 'server', 'show', id);
    expect(r.status).toBe('ACTIVE');
    // The CLI prints nothing for rescue: the API's answer is read with the nova CLI's debug output.
    const rescue = await stack.nova('--debug', 'rescue', '--password', 'S3cret-pass', id);
    expect(rescue.code, rescue.err).toBe(0);
    expect(rescue.err + rescue.out).toMatch(/"adminPass": "S3cret-pass"/);
    const after = await waitStatus(stack, id, 'RESCUE');
    expect(after.vm).toBe('rescued');
    const reqId = (await serverEvents(stack, id))[0];
    expect(reqId.action).toBe('rescue');
    const lines = linesOf(computeLog(), reqId.requestId);
    expect(lines.filter((l) => / INFO nova\.(compute\.manager|virt\.libvirt\.driver) /.test(l)).map((l) => l.split(`[instance: ${id}] `)[1]))
      .toEqual(['Rescuing', 'Instance shutdown successfully after 0 seconds.', 'Attempting rescue']);
    const bad = await stack.openstack('server', 'rescue', '--image', '6b4f7e1c-0000-4000-8000-000000000000', id);
    expect(bad.err).toContain(`Cannot 'rescue' instance ${id} while it is in vm_state rescued`);
    await act(['unrescue'], { status: 'RESCUE', task: 'unrescuing' }, { status: 'ACTIVE', vm: 'active', power: 1 }, 'unrescue', 'unrescue_instance', 'Unrescuing');
  }, 90_000);

  it('changePassword: a call to the host, which logs "Admin password set"', async () => {
    const reqId = await (async () => {
      const r = await stack.openstack('server', 'set', '--password', 'n3w-Pass', id);
      expect(r.code, r.err).toBe(0);
      return (await serverEvents(stack, id))[0];
    })();
    expect(reqId.action).toBe('changePassword');
    expect(await actionEvents(stack, id, reqId.requestId)).toEqual(['compute_set_admin_password Success']);
    expect(linesOf(computeLog(), reqId.requestId).some((l) => l.endsWith(`[instance: ${id}] Admin password set`))).toBe(true);
    expect((await serverState(stack, id)).task).toBe(null);
  }, 60_000);

  it('os-resetState (admin): any state back to active or error, recorded as resetState', async () => {
    const r = await stack.nova('reset-state', id);
    expect(r.code, r.err).toBe(0);
    expect(await serverState(stack, id)).toMatchObject({ status: 'ERROR', vm: 'error', task: null });
    expect((await serverEvents(stack, id))[0].action).toBe('resetState');
    expect((await stack.nova('reset-state', '--active', id)).code).toBe(0);
    expect(await serverState(stack, id)).toMatchObject({ status: 'ACTIVE', vm: 'active' });
  }, 60_000);

  it('console log: the last N lines as Nova cuts them (the log ends with a newline, so N gives N-1 lines of text)', async () => {
    const full = await stack.openstack('console', 'log', 'show', id);
    expect(full.code, full.err).toBe(0);
    const pieces = full.out.replace(/\n$/, '').split('\n');
    const tail = await stack.openstack('console', 'log', 'show', '--lines', '5', id);
    expect(tail.out.replace(/\n$/, '')).toBe(pieces.slice(-4).join('\n'));
    expect(fs.readFileSync(path.join(stack.logDir, `nova-compute-${host}.log`), 'utf8')).toMatch(new RegExp(`INFO nova\\.compute\\.manager \\[[^\\]]+\\] \\[instance: ${id}\\] Get console output`));
  }, 60_000);
});
