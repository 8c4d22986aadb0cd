// The tracer on the fault-injection campaign's Pike logs (../shared/real-logs/fi-pike-*): an
// all-in-one host named only inside the lines, an Italian locale, request contexts leaked
// between requests, a boot that fails in the next rotated file, an API refusal and a boot that
// nobody picked up. Each case is what an operator would need to be told.
import { describe, expect, it } from 'vitest';
import { traceRequest } from '../../core/trace/trace-request.js';
import { realLogDir } from '../helpers/real-logs.js';

const HOST = 'localhost.localdomain';
const trace = async (set: string, id: string) => (await traceRequest([realLogDir(set)], id)).trace!;

describe('fi-pike: the compute host comes from the lines, never a placeholder', () => {
  it.each([
    ['fi-pike-nova-t12', 'req-d69731b0-5262-4e74-b4da-3238dd40ae8a'],
    ['fi-pike-nova-t57', 'req-6717ff8f-4b3f-48d5-b83c-ef37dfa0a637'],
    ['fi-pike-nova-t344', 'req-41d7b053-2d6f-4fd1-a72f-2254b0e3aadd'],
    ['fi-pike-neutron-t179', 'req-6599315f-b939-4481-9d88-d8a866aa5ebe'],
  ])('%s %s: ACTIVE on localhost.localdomain through lines that carry leaked request ids', async (set, id) => {
    const t = await trace(set, id);
    expect(t.verdict.status).toBe('ACTIVE');
    expect(t.hosts).toEqual([HOST]);
    expect(t.attempts).toEqual([expect.objectContaining({ host: HOST, result: 'active' })]);
    const built = t.records.find((r) => /^Took [\d.]+ seconds to build instance/.test(r.message));
    expect(built).toBeDefined();
    // In these logs the milestone carries another request's id: it joined by the instance uuid.
    expect(built!.joined_by).toBe('instance');
    expect(built!.request_id).not.toBe(id);
    expect(t.stages.find((s) => s.stage === 'instance.active')?.status).toBe('ok');
    expect(JSON.stringify(t)).not.toContain('"host":"compute"');
  });
});

describe('fi-pike-nova-t57: network-vif-plugged never arrives', () => {
  it('fails 300 s later in the next file, under a leaked id, as a vif-plug timeout that aborted the build', async () => {
    const t = await trace('fi-pike-nova-t57', 'req-c45dffa8-4409-4294-bffa-67d21cefec5c');
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.cause?.id).toBe('vif-plug-timeout');
    expect(t.verdict.failed_stage).toBe('compute.network');
    expect(t.verdict.signature).toBe('build-aborted');
    expect(t.verdict.root_cause).toMatchObject({ file: 'nova-compute.log', host: HOST, exception: 'VirtualInterfaceCreateException' });
    expect(t.hosts).toEqual([HOST]);
    // The lines that tell the story are shown with the verdict.
    const evidence = t.verdict.evidence!.map((e) => e.message);
    expect(evidence.some((m) => m.startsWith('Timeout waiting for vif plugging callback'))).toBe(true);
    expect(t.verdict.evidence!.some((e) => e.exception === 'BuildAbortException')).toBe(true);
  });
});

describe('fi-pike-neutron-t179: port binding fails, reschedule, RetryFilter empties the list', () => {
  it('names the port binding failure on the host, not the filter', async () => {
    const t = await trace('fi-pike-neutron-t179', 'req-7e1458cd-99e8-4a7c-a5df-053bba47e4de');
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.cause?.id).toBe('port-binding-failed');
    expect(t.verdict.failed_stage).toBe('compute.network');
    expect(t.verdict.filter).toBe('RetryFilter');
    expect(t.verdict.root_cause?.host).toBe(HOST);
    expect(t.verdict.summary).toContain(HOST);
  });
});

describe('fi-pike-nova-t3', () => {
  it('round 1: the API refuses the boot with a translated message: HTTP 403 and the message', async () => {
    const t = await trace('fi-pike-nova-t3', 'req-5dabbeb2-c39a-4305-ae03-df6c76f546a8');
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.signature).toBe('api-refused');
    expect(t.verdict.failed_stage).toBe('api.accepted');
    expect(t.verdict.http_status).toBe(403);
    expect(t.verdict.summary).toContain('HTTP 403');
    expect(t.verdict.summary).toContain('Numero massimo di porte superato');
    // The api process's later lines under the same id (eventlet) are not the request.
    expect(t.end).toBe('2018-06-27 09:36:59.390');
  });

  it('round 2: the compute fails with an unexpected exception and does not reschedule', async () => {
    const t = await trace('fi-pike-nova-t3', 'req-27ec9f16-e65c-4697-a76e-dc3986136bc6');
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.signature).toBe('unexpected-build-failure');
    expect(t.verdict.root_cause?.exception).toBe('UnicodeDecodeError');
    expect(t.hosts).toEqual([HOST]);
  });
});

describe('fi-pike-nova-t12: spawn fails with an unexpected exception and the build is aborted', () => {
  it('ends as build-aborted with the KeyError, and leaves out the periodic tasks that inherited the context', async () => {
    const t = await trace('fi-pike-nova-t12', 'req-022f2e61-b641-42c6-af94-490d95045ad8');
    expect(t.verdict.status).toBe('ERROR');
    expect(t.verdict.signature).toBe('build-aborted');
    expect(t.verdict.root_cause?.exception).toBe('KeyError');
    expect(t.records.some((r) => r.message.startsWith('Final resource view') && r.ts > '2018-06-27 06:45')).toBe(false);
    expect(t.warnings.some((w) => /periodic tasks that inherited its context/.test(w))).toBe(true);
  });
});

describe('fi-pike-nova-t344: accepted, then nothing', () => {
  it('is STUCK, not in progress: the API said 202 and no other service logged it while the logs went on', async () => {
    const t = await trace('fi-pike-nova-t344', 'req-5acdb66a-2211-4228-872e-1f3b148f06ad');
    expect(t.verdict.status).toBe('STUCK');
    expect(t.verdict.http_status).toBe(202);
    expect(t.verdict.stuck).toMatchObject({ last_stage: 'api.accepted', waiting_for: 'nova-conductor' });
    expect(t.verdict.stuck!.idle_ms).toBeGreaterThan(15 * 60_000);
    expect(t.verdict.failed_stage).toBe('conductor.build_request');
    expect(t.stages.find((s) => s.stage === 'api.accepted')?.status).toBe('ok');
    expect(t.stages.find((s) => s.stage === 'conductor.build_request')?.status).toBe('stalled');
  });
});

describe('queries are case-insensitive', () => {
  it('finds REQ-… as req-…', async () => {
    const t = await trace('fi-pike-nova-t57', 'REQ-C45DFFA8-4409-4294-BFFA-67D21CEFEC5C');
    expect(t.verdict.cause?.id).toBe('vif-plug-timeout');
  });
});

describe('a chosen host whose log was not collected', () => {
  it('is not called stuck: the trace says the host\'s log is missing', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-missing-'));
    try {
      // rdo-kilo: controller1's logs plus networker3's compute log, without networker2 (the chosen host).
      const kilo = realLogDir('rdo-kilo-boots');
      fs.cpSync(path.join(kilo, 'controller1'), path.join(dir, 'controller1'), { recursive: true });
      fs.cpSync(path.join(kilo, 'networker3'), path.join(dir, 'networker3'), { recursive: true });
      const t = (await traceRequest([dir], 'req-22a1feae-f615-4021-8440-5efbcd223941')).trace!;
      expect(t.verdict.status).not.toBe('STUCK');
      // Kilo's scheduler does not log its choice at INFO: the trace can only say the compute side is missing.
      expect(t.verdict.status).toBe('IN_PROGRESS');
      expect(t.warnings.some((w) => /no compute log among these files mentions it/.test(w))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
