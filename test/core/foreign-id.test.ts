// An id that is not a Nova request's: another service's id for a call Nova made, as Nova's
// lines quote it (real Pike and Juno logs). Not found is still exit 2, but the lines that
// quote it are shown with the Nova request they were logged under.
import { describe, expect, it } from 'vitest';
import { discoverLogs } from '../../parsers/log-files.js';
import { findForeignId } from '../../core/trace/foreign-id.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { realLogDir } from '../helpers/real-logs.js';

const T179 = realLogDir('fi-pike-neutron-t179');
const JUNO = realLogDir('osp6-juno-live-migration');
const CINDER_ID = 'req-5b79d555-4699-4e2d-aa1c-67c9ee94e86d';
const NOVA_CALLER = 'req-ce45a3ca-1b77-41ee-8f8f-496d7d1c7dc6';

describe('an id quoted only inside messages', () => {
  it('cinder\'s id of a call nova-api made: both lines quoting it, once each, and the Nova request to trace', () => {
    const f = findForeignId(discoverLogs([T179]).sources, CINDER_ID)!;
    expect(f.count).toBe(2);
    expect(f.callers).toEqual([NOVA_CALLER]);
    expect(f.mentions.map((m) => `${m.file}:${m.line} ${m.logger}`)).toEqual(['nova-api.log:378 cinderclient.v2.client', 'nova-api.log:381 cinderclient.v2.client']);
    const r = runCli(BIN.trace, [CINDER_ID, '--log-dir', T179], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain(`no log record names ${CINDER_ID}`);
    expect(r.err).toContain('nova-api.log:381');
    expect(r.err).toContain(`trace that instead (nova-trace ${NOVA_CALLER})`);
    // The request it points to is a trace.
    expect(runCli(BIN.trace, [NOVA_CALLER, '--log-dir', T179, '--json'], {}).code).not.toBe(2);
  });

  it("neutron's id in a periodic task's response log: shown, and no request to trace instead", () => {
    const r = runCli(BIN.trace, ['req-022a887d-29c3-441a-84f0-7270192a0f10', '--log-dir', JUNO], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain("hp-ms-01-c30/nova-compute.log:901");
    expect(r.err).toContain('no request to trace instead');
  });

  it('an id nowhere in the logs: only the not-found line', () => {
    const r = runCli(BIN.trace, ['req-00000000-0000-4000-8000-000000000000', '--log-dir', T179], {});
    expect(r.code).toBe(2);
    expect(r.err).not.toContain('quote it');
  });
});
