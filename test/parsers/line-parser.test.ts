import { describe, expect, it } from 'vitest';
import { checkFormatSamples, FORMATS } from '../../parsers/formats/index.js';
import { parseLine } from '../../parsers/line-parser.js';

const parse = (l: string) => parseLine(l, 2026, FORMATS);
const R = 'req-2f6c1e2a-7f0a-4a51-9d55-0d1b6f0e7a10';
const G = 'req-9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a';
const U = '5b0c3f8e-2a4d-4c1b-9f7e-3c2d1a0b9e8f';

describe('format definitions', () => {
  it('every format sample parses to its declared fields', () => {
    expect(checkFormatSamples()).toEqual([]);
  });
});

describe('context layouts', () => {
  it.each([
    ['legacy Kilo–Ocata', `[${R} 8a1b2c 0c7fe4 - - -]`, { requestId: R, globalRequestId: null, user: '8a1b2c', project: '0c7fe4' }],
    ['periodic task', `[${R} - - - - -]`, { requestId: R, user: null, project: null }],
    ['Pike+ without caller id', `[None ${R} admin demo - default default]`, { requestId: R, globalRequestId: null, user: 'admin', project: 'demo' }],
    ['Pike+ with global id', `[${G} ${R} admin demo - default default]`, { requestId: R, globalRequestId: G, user: 'admin', project: 'demo' }],
    ['Juno user None', `[${R} None]`, { requestId: R, user: null }],
    ['Juno trailing space', `[${R} ]`, { requestId: R, user: null }],
    ['pre-Kilo three slots', `[${R} admin demo]`, { requestId: R, user: 'admin', project: 'demo' }],
    ['no context', '[-]', { requestId: null, globalRequestId: null, user: null }],
  ])('%s', (_name, ctx, expected) => {
    const rec = parse(`2026-11-23 10:15:02.118 4121 INFO nova.compute.manager ${ctx} [instance: ${U}] Claim successful`);
    expect(rec?.kind).toBe('record');
    expect(rec!.context).toMatchObject(expected);
    expect(rec!.instance).toBe(U);
    expect(rec!.message).toBe('Claim successful');
    expect(rec!.hasContext).toBe(true);
  });
});

describe('line shapes', () => {
  it('cuts the DEBUG func/path:lineno suffix', () => {
    const rec = parse(`2026-11-23 10:15:02.118 4121 DEBUG nova.filters [${R} a b - - -] Filter RamFilter returned 2 host(s) get_filtered_objects /usr/lib/python3/dist-packages/nova/filters.py:104`);
    expect(rec).toMatchObject({ message: 'Filter RamFilter returned 2 host(s)', debugFunc: 'get_filtered_objects', debugLocation: '/usr/lib/python3/dist-packages/nova/filters.py:104' });
  });

  it('keeps traceback lines without context, with their indentation', () => {
    const rec = parse(`2026-11-23 10:15:02.120 4121 ERROR nova.compute.manager [instance: ${U}]   File "/usr/lib/python3/dist-packages/nova/compute/manager.py", line 2636, in _build_resources`);
    expect(rec).toMatchObject({ level: 'ERROR', hasContext: false, instance: U });
    expect(rec!.message.startsWith('  File ')).toBe(true);
  });

  it('reads TRACE and AUDIT levels', () => {
    expect(parse('2015-10-20 09:10:57.153 28139 TRACE oslo.messaging._drivers.impl_rabbit     return method()')).toMatchObject({ level: 'TRACE', message: '    return method()' });
    expect(parse(`2014-10-20 09:10:57.153 28139 AUDIT nova.compute.manager [${R} None] [instance: ${U}] Starting instance...`)).toMatchObject({ level: 'AUDIT', instance: U });
  });

  it('strips a file-name prefix as loghub and grep -H leave it', () => {
    const line = `nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO nova.osapi_compute.wsgi.server [${R} u p - - -] 10.11.10.1 "GET /v2/p/servers/detail HTTP/1.1" status: 200 len: 1893 time: 0.2477829`;
    expect(parse(line)).toMatchObject({ program: 'nova-api.log.1.2017-05-16_13:53:08', pid: 25746, tsText: '2017-05-16 00:00:00.008' });
    expect(parse(`logs/nova-compute.log:42:2026-11-23 10:15:02.118 4121 INFO nova.compute.manager [-] x`)).toMatchObject({ program: 'logs/nova-compute.log', message: 'x' });
  });

  it('reads journald lines with host and program', () => {
    const rec = parse(`Nov 23 10:15:02 cmp3 nova-compute[2931]: ERROR nova.compute.manager [None ${R} admin admin] [instance: ${U}] Instance failed to spawn: libvirt.libvirtError: oops`);
    expect(rec).toMatchObject({ host: 'cmp3', program: 'nova-compute', pid: 2931, level: 'ERROR', instance: U });
    expect(rec!.ts).toBe(Date.UTC(2026, 10, 23, 10, 15, 2));
  });

  it.each([
    ['XML body', '  <uuid>5b0c3f8e</uuid>'],
    ['JSON body', '{"server": {"name": "vm1"}}'],
    ['empty', ''],
    ['foreign text', "python: can't open file 'x.py'"],
  ])('returns null for a headerless line (%s), which continues the record above', (_n, line) => {
    expect(parse(line)).toBeNull();
  });

  it.each([
    ['torn header', '2026-11-23 10:15:02.118 41'],
    ['unknown level', '2026-11-23 10:15:02.118 4121 NOTICE nova.x [-] y'],
    ['apache style', '2026-11-23 10:15:02 [error] something'],
  ])('keeps a line that starts like a record but does not fit (%s) as unparsed', (_n, line) => {
    expect(parse(line)).toMatchObject({ kind: 'unparsed', raw: line });
  });

  it('parses timestamps to the millisecond, microseconds truncated', () => {
    expect(parse('2026-11-23 10:15:02.118 1 INFO a [-] b')!.ts).toBe(Date.UTC(2026, 10, 23, 10, 15, 2, 118));
    expect(parse('2026-11-23 10:15:02.118456 1 INFO a [-] b')!.ts).toBe(Date.UTC(2026, 10, 23, 10, 15, 2, 118));
  });
});

describe('devstack colour codes', () => {
  it('reads a colourised journald line as the plain one', () => {
    const line = 'Feb 20 10:17:40.532917 ubuntu-bionic-ovh-gra1-0002 nova-compute[21375]: \x1b[00;36mINFO nova.compute.claims [\x1b[01;36mNone req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a \x1b[00;36mdemo demo\x1b[00;36m] \x1b[01;35m[instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] \x1b[00;36mClaim successful on node ubuntu-bionic-ovh-gra1-0002\x1b[00m';
    const p = parseLine(line, 2019, FORMATS)!;
    expect(p.kind).toBe('record');
    expect(p).toMatchObject({ level: 'INFO', logger: 'nova.compute.claims', host: 'ubuntu-bionic-ovh-gra1-0002', instance: '96abccce-8d1f-4e07-b6d1-4b2ab87e23b4', message: 'Claim successful on node ubuntu-bionic-ovh-gra1-0002' });
    expect(p.context.requestId).toBe('req-5f1e0c3a-9d3e-4a8b-8c55-1f0e2d3c4b5a');
  });
});

describe('devstack CI logs before Pike (screen-n-*.txt): no pid in the header', () => {
  it('reads the level after the time, user and project names in the context, and the pid from the DEBUG suffix', () => {
    const info = parseLine('2015-10-01 12:34:56.789 INFO nova.compute.manager [req-3b6c2a10-4d5e-4f6a-8b7c-9d0e1f2a3b4c tempest-ServersTestJSON-1686587233 tempest-ServersTestJSON-1686587233] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Starting instance...', 2015, FORMATS)!;
    expect(info).toMatchObject({ kind: 'record', level: 'INFO', pid: 0, logger: 'nova.compute.manager', instance: '96abccce-8d1f-4e07-b6d1-4b2ab87e23b4', message: 'Starting instance...' });
    expect(info.context).toMatchObject({ requestId: 'req-3b6c2a10-4d5e-4f6a-8b7c-9d0e1f2a3b4c', user: 'tempest-ServersTestJSON-1686587233' });
    const debug = parseLine('2015-10-01 12:34:57.001 DEBUG nova.compute.manager [req-3b6c2a10-4d5e-4f6a-8b7c-9d0e1f2a3b4c tempest-ServersTestJSON-1686587233 tempest-ServersTestJSON-1686587233] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Start building networks asynchronously for instance. from (pid=23154) _build_resources /opt/stack/new/nova/nova/compute/manager.py:2068', 2015, FORMATS)!;
    expect(debug).toMatchObject({ pid: 23154, message: 'Start building networks asynchronously for instance.', debugFunc: '_build_resources', debugLocation: '/opt/stack/new/nova/nova/compute/manager.py:2068' });
    const trace = parseLine('2015-10-01 12:34:58.100 TRACE nova.compute.manager [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Traceback (most recent call last):', 2015, FORMATS)!;
    expect(trace).toMatchObject({ kind: 'record', level: 'TRACE', hasContext: false, message: 'Traceback (most recent call last):' });
    const plain = parseLine('2015-10-01 12:34:58.200 INFO nova.virt.libvirt.driver [-] [instance: 96abccce-8d1f-4e07-b6d1-4b2ab87e23b4] Instance spawned successfully.', 2015, FORMATS)!;
    expect(plain).toMatchObject({ kind: 'record', level: 'INFO', instance: '96abccce-8d1f-4e07-b6d1-4b2ab87e23b4' });
  });
});

describe("devstack's systemd units", () => {
  it('name the service as the screen logs did', async () => {
    const { serviceOf } = await import('../../parsers/source-naming.js');
    expect(['devstack@n-cpu.service', 'devstack@n-api.service', 'devstack@n-sch.service', 'devstack@n-super-cond.service', 'devstack@placement-api.service'].map(serviceOf))
      .toEqual(['compute', 'api', 'scheduler', 'conductor', 'placement']);
  });

  it("read journald lines whose program is the unit (uwsgi services log as `devstack@n-api.service[pid]`)", () => {
    const p = parseLine('Apr 04 20:48:22 train devstack@n-api.service[10884]: ERROR nova.context [None req-fdaff415-48b9-44a7-b4c3-015214e80b90 None None] Error gathering result from cell 4f495a21-294a-4051-9a3d-8b34a250bbb4', 2020, FORMATS)!;
    expect(p).toMatchObject({ kind: 'record', host: 'train', program: 'devstack@n-api.service', pid: 10884, level: 'ERROR', logger: 'nova.context' });
    expect(p.context.requestId).toBe('req-fdaff415-48b9-44a7-b4c3-015214e80b90');
  });
});
