import { describe, expect, it } from 'vitest';
import { applyFilterInput, filterChips } from '../../../tui/model/filter-input.js';
import { NO_FILTER, hashId, type ViewFilter } from '../../../tui/model/types.js';

const REQ = 'req-f541c3b1-affa-48e2-8781-570a61c26251';
const UUID = '1251d603-70e5-483d-bb35-dfd172233065';
const base: ViewFilter = { ...NO_FILTER, hiddenServices: new Set(['placement']), window: 3 };

describe('applyFilterInput', () => {
  const ok: [string, (f: ViewFilter) => unknown, unknown][] = [
    ['level>=warning', (f) => f.minLevel, 4],
    ['error+', (f) => f.minLevel, 5],
    ['LEVEL>=Debug', (f) => f.minLevel, 1],
    ['all+', (f) => f.minLevel, 0],
    ['-sched', (f) => [...f.hiddenServices].sort(), ['placement', 'scheduler']],
    ['-cpu@cmp1 -nova-api', (f) => [...f.hiddenServices].sort(), ['api', 'compute', 'placement']],
    ['+place', (f) => [...f.hiddenServices], []],
    ['-sched +all', (f) => [...f.hiddenServices], []],
    ['/boot/', (f) => [f.include?.source, f.include?.flags], ['boot', 'i']],
    ['/Boot failed/', (f) => [f.include?.source, f.include?.flags], ['Boot failed', '']],
    ['!/periodic task/', (f) => f.exclude?.source, 'periodic task'],
    ['/a\\/b/', (f) => f.include?.source, 'a\\/b'],
    [REQ, (f) => f.follow && [f.follow.reqHash, f.follow.instHash], [hashId(REQ), 0]],
    [`${REQ} ${UUID}`, (f) => f.follow && [f.follow.reqHash, f.follow.instHash], [hashId(REQ), hashId(UUID)]],
    [UUID, (f) => f.follow?.label, '1251d603…'],
    ['nofollow', (f) => f.follow, null],
    ['clear', (f) => [f.hiddenServices.size, f.minLevel, f.window], [0, 0, 3]],
    ['warning+ -sched /x/', (f) => [f.minLevel, f.hiddenServices.has('scheduler'), f.include?.source], [4, true, 'x']],
  ];
  it.each(ok)('%s', (input, pick, want) => {
    const r = applyFilterInput(input, base);
    if ('error' in r) throw new Error(r.error);
    expect(pick(r.filter)).toEqual(want);
    expect(base.hiddenServices.has('scheduler')).toBe(false); // input filter never mutated
  });

  const bad: [string, RegExp][] = [
    ['/(unclosed/', /bad regex/],
    ['/abc', /unclosed regex/],
    ['level>=loud', /unknown level 'loud'/],
    ['frobnicate', /unknown filter term 'frobnicate'/],
  ];
  it.each(bad)('%s → error', (input, msg) => {
    const r = applyFilterInput(input, base);
    expect('error' in r && r.error).toMatch(msg);
  });
});

describe('filterChips', () => {
  it('names each active filter briefly', () => {
    const r = applyFilterInput(`-sched warning+ /boot/ !/periodic/ ${REQ}`, { ...NO_FILTER, window: 3 });
    if ('error' in r) throw new Error(r.error);
    expect(filterChips(r.filter)).toEqual(['-sched', '≥WARNING', '/boot/', '!/periodic/', 'req-f541c3b1…', 'last 5m']);
    expect(filterChips(NO_FILTER)).toEqual([]);
  });
});
