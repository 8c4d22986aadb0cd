// Whole-file reading: continuation, tracebacks among other processes' lines, and input that
// must not break anything (CRLF, bad UTF-8, very long and torn lines, gzip, rotation).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverLogFiles } from '../../parsers/log-files.js';
import { readFileRecords } from '../../parsers/read-records.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nova-trace-reader-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const R = 'req-11111111-2222-4333-8444-555555555555';
const U = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

function write(name: string, content: string | Buffer): string {
  const p = path.join(tmp, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

async function read(name: string) {
  const [src] = discoverLogFiles([path.join(tmp, name)]);
  return readFileRecords(src, 0);
}

describe('record assembly', () => {
  it('attaches a traceback to its ERROR record although another process writes in between', async () => {
    write('tb.log', [
      `2026-11-23 10:00:00.100 100 ERROR nova.compute.manager [${R} u p - - -] [instance: ${U}] Instance failed to spawn: libvirt.libvirtError: denied`,
      `2026-11-23 10:00:00.100 100 ERROR nova.compute.manager [instance: ${U}] Traceback (most recent call last):`,
      `2026-11-23 10:00:00.101 200 INFO nova.compute.manager [req-99999999-2222-4333-8444-555555555555 u p - - -] other process`,
      `2026-11-23 10:00:00.101 100 ERROR nova.compute.manager [instance: ${U}]   File "/nova/virt/libvirt/guest.py", line 165, in launch`,
      `2026-11-23 10:00:00.101 100 ERROR nova.compute.manager [instance: ${U}] libvirt.libvirtError: denied`,
      `2026-11-23 10:00:00.200 100 INFO nova.compute.manager [${R} u p - - -] [instance: ${U}] next record`,
    ].join('\n') + '\n');
    const { records } = await read('tb.log');
    expect(records.map((r) => r.message)).toEqual(['Instance failed to spawn: libvirt.libvirtError: denied', 'other process', 'next record']);
    expect(records[0].continuation).toEqual(['Traceback (most recent call last):', '  File "/nova/virt/libvirt/guest.py", line 165, in launch', 'libvirt.libvirtError: denied']);
  });

  it('keeps headerless lines with the record above, and a leading orphan as unparsed', async () => {
    write('xml.log', [
      '<orphan/>',
      `2026-11-23 10:00:00.100 100 DEBUG nova.virt.libvirt.driver [${R} u p - - -] [instance: ${U}] End _get_guest_xml xml=<domain type="kvm"> _get_guest_xml /nova/virt/libvirt/driver.py:7000`,
      '  <uuid>x</uuid>',
      '</domain>',
    ].join('\n') + '\n');
    const { records, unparsed } = await read('xml.log');
    expect(unparsed).toBe(1);
    expect(records[0]).toMatchObject({ kind: 'unparsed', raw: '<orphan/>', line: 1 });
    expect(records[1]).toMatchObject({ line: 2, continuation: ['  <uuid>x</uuid>', '</domain>'] });
  });

  it('survives CRLF, invalid UTF-8, a 200 KB line and a torn last line without losing a neighbour', async () => {
    const long = 'x'.repeat(200_000);
    const parts = [
      Buffer.from(`2026-11-23 10:00:00.100 1 INFO a [-] crlf\r\n`),
      Buffer.from('2026-11-23 10:00:00.101 1 INFO a [-] bad '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' bytes\n'),
      Buffer.from(`2026-11-23 10:00:00.102 1 INFO a [-] ${long}\n`),
      Buffer.from('2026-11-23 10:00:00.103 1 INFO a [-] after long\n'),
      Buffer.from('2026-11-23 10:00:00.104 1 IN'),
    ];
    write('hostile.log', Buffer.concat(parts));
    const { records, unparsed, lines } = await read('hostile.log');
    expect(lines).toBe(5);
    expect(records.map((r) => r.kind)).toEqual(['record', 'record', 'record', 'record', 'unparsed']);
    expect(records[0].message).toBe('crlf');
    expect(records[1].message).toMatch(/^bad \uFFFD+ bytes$/);
    expect(records[2].message).toHaveLength(200_000);
    expect(records[3].message).toBe('after long');
    expect(records[4].raw).toBe('2026-11-23 10:00:00.104 1 IN');
    expect(unparsed).toBe(1);
  });
});

describe('finding files', () => {
  it('reads rotated and gzip files recursively, taking service and host from the path', async () => {
    const line = `2026-11-23 10:00:00.100 1 INFO nova.compute.manager [${R} u p - - -] hello\n`;
    write('collect/cmp1/nova-compute.log', line);
    write('collect/cmp1/nova-compute.log.1', line);
    write('collect/cmp1/nova-compute.log.2.gz', zlib.gzipSync(line));
    write('collect/ctl1/nova/nova-api.log', line);
    write('collect/nova-compute-cmp9.log', line);
    write('collect/README.txt', 'not a log');
    const found = discoverLogFiles([path.join(tmp, 'collect')]);
    expect(found.map((s) => [s.rel, s.service, s.host, s.gzip, s.rotation])).toEqual([
      ['cmp1/nova-compute.log', 'compute', 'cmp1', false, 0],
      ['cmp1/nova-compute.log.1', 'compute', 'cmp1', false, 1],
      ['cmp1/nova-compute.log.2.gz', 'compute', 'cmp1', true, 2],
      ['ctl1/nova/nova-api.log', 'api', 'ctl1', false, 0],
      ['nova-compute-cmp9.log', 'compute', 'cmp9', false, 0],
    ]);
    const gz = await readFileRecords(found[2], 2);
    expect(gz.records[0].message).toBe('hello');
  });

  it('names the directory that cannot be read', () => {
    expect(() => discoverLogFiles([path.join(tmp, 'missing')])).toThrow(/no such file or directory: .*missing/);
  });
});
