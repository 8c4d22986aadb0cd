// Cross-check against an independent field split: loghub's structured CSV of the same 2,000
// lines (pid, level, component, context, content) must equal what our parser cuts.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { discoverLogFiles } from '../../parsers/log-files.js';
import { readFileRecords } from '../../parsers/read-records.js';
import { realLogDir } from '../helpers/real-logs.js';

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') { if (c === '\r' && text[i + 1] === '\n') i++; row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

it('agrees with loghub on every field of all 2,000 lines', async () => {
  const dir = realLogDir('loghub-openstack-2k');
  const [csvHeader, ...rows] = parseCsv(fs.readFileSync(path.join(dir, 'OpenStack_2k.log_structured.csv'), 'utf8'));
  expect(csvHeader.slice(0, 9)).toEqual(['LineId', 'Logrecord', 'Date', 'Time', 'Pid', 'Level', 'Component', 'ADDR', 'Content']);
  const [source] = discoverLogFiles([path.join(dir, 'OpenStack_2k.log')]);
  const { records, unparsed, lines } = await readFileRecords(source, 0);
  expect(lines).toBe(2000);
  expect(unparsed).toBe(0);
  expect(records).toHaveLength(2000);
  rows.forEach((r, i) => {
    const rec = records[i];
    const ctx = rec.context;
    const addr = ctx.requestId === null ? '-' : [ctx.requestId, ctx.user ?? '-', ctx.project ?? '-', '-', '-', '-'].join(' ');
    const content = (rec.instance ? `[instance: ${rec.instance}] ` : '') + rec.message;
    expect([rec.program, rec.tsText, String(rec.pid), rec.level, rec.logger, addr, content]).toEqual([r[1], `${r[2]} ${r[3]}`, r[4], r[5], r[6], r[7], r[8]]);
  });
});
