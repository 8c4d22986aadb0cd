import { describe, expect, it } from 'vitest';
import { formatRowPlain, rowToJson } from '../../../tui/model/view-text.js';
import type { RowData } from '../../../tui/model/types.js';

const row: RowData = {
  id: 1, origin: { slot: 0, service: 'compute', host: 'cmp1', label: 'cpu@cmp1' }, tsText: '2026-11-24 09:41:09.496',
  ts: Date.UTC(2026, 10, 24, 9, 41, 9, 496), level: 'ERROR', pid: 5120, logger: 'nova.compute.manager',
  requestId: 'req-f541c3b1-affa-48e2-8781-570a61c26251', globalRequestId: null, instance: '1251d603-70e5-483d-bb35-dfd172233065',
  message: 'Instance failed to spawn', continuation: ['Traceback (most recent call last):', 'ValueError: boom'], unparsed: false,
  gone: false, marked: false, searchHit: false, file: 'cmp1/nova-compute.log', offset: 1234,
};

describe('view-text', () => {
  it('formats a header line and indented continuation lines', () => {
    expect(formatRowPlain(row, { timestamps: true })).toEqual([
      '09:41:09.496 cpu@cmp1   ERROR    req-f541c3b1 [1251d603] Instance failed to spawn',
      '    Traceback (most recent call last):',
      '    ValueError: boom',
    ]);
    expect(formatRowPlain({ ...row, requestId: null, instance: null, continuation: [] }, { timestamps: false }))
      .toEqual(['cpu@cmp1   ERROR    -            Instance failed to spawn']);
  });

  it('gives the JSON fields the issue names', () => {
    expect(rowToJson(row)).toEqual({
      ts: '2026-11-24 09:41:09.496', service: 'compute', host: 'cmp1', file: 'cmp1/nova-compute.log', offset: 1234, pid: 5120,
      level: 'ERROR', logger: 'nova.compute.manager', request_id: row.requestId, global_request_id: null, instance: row.instance,
      message: 'Instance failed to spawn', continuation: row.continuation, unparsed: false,
    });
  });
});
