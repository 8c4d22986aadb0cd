import { describe, expect, it } from 'vitest';
import { OriginTable, originLabel } from '../../../tui/ingest/origins.js';

describe('OriginTable', () => {
  it.each([
    ['api', null, 'api'], ['conductor', 'ctl1', 'cond'], ['scheduler', null, 'sched'], ['placement', null, 'place'],
    ['compute', 'cmp1', 'cpu@cmp1'], ['compute', null, 'cpu'], ['novncproxy', 'ctl1', 'vnc'], ['metadata', null, 'meta'], ['neutron-linuxbridge-agent', null, 'neutron'], ['openvswitch', null, 'openvswi'],
  ])('labels %s on %s as %s', (service, host, label) => {
    expect(originLabel(service, host)).toBe(label);
  });

  it('gives each (service, host) one stable slot', () => {
    const t = new OriginTable();
    const a = t.slotOf('compute', 'cmp1');
    const b = t.slotOf('compute', 'cmp2');
    expect(t.slotOf('compute', 'cmp1')).toBe(a);
    expect(b).not.toBe(a);
    expect(t.slotOfProgram('nova-compute', 'cmp2')).toBe(b);
    expect(t.get(b)).toEqual({ slot: b, service: 'compute', host: 'cmp2', label: 'cpu@cmp2' });
    expect(t.all().map((o) => o.slot)).toEqual([0, 1]);
  });
});
