import { describe, expect, it } from 'vitest';
import { cellWidth, ellipsize, padCells, sanitize, sliceCells, wrapCells } from '../../../tui/view/text-cells.js';

describe('text-cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a\tb', 'a    b'],
    ['line\r', 'line'],
    ['\x1b[31mred\x1b[0m', 'red'],
    ['bell\x07', 'bell·'],
    ['\x1b]0;title\x07x', 'x'],
  ])('sanitize(%j) = %j', (input, want) => {
    expect(sanitize(input)).toBe(want);
  });

  it.each([['abc', 3], ['日本', 4], ['e\u0301', 1], ['▌●❚', 3], ['😀x', 3]])('cellWidth(%j) = %i', (s, w) => {
    expect(cellWidth(s)).toBe(w);
  });

  it.each([
    ['abcdef', 2, 3, 'cde'],
    ['日本語', 1, 2, '  '], // wide characters cut by both edges become spaces
    ['日本語', 2, 2, '本'],
    ['a日b', 0, 2, 'a '],
  ])('sliceCells(%j, %i, %i) = %j', (s, from, w, want) => {
    expect(sliceCells(s, from, w)).toBe(want);
    expect(cellWidth(sliceCells(s, from, w))).toBeLessThanOrEqual(w);
  });

  it('pads and ellipsizes to an exact width', () => {
    expect(padCells('ab', 4)).toBe('ab  ');
    expect(padCells('abcdef', 4)).toBe('abcd');
    expect(ellipsize('abcdef', 4)).toBe('abc…');
    expect(ellipsize('abc', 4)).toBe('abc');
  });

  it.each([[10, 3], [100, 7], [1, 200]])('hard wrap of 200 cells at width %i takes ceil(200/%i) chunks', (w) => {
    const chunks = wrapCells('x'.repeat(200), w, false);
    expect(chunks).toHaveLength(Math.ceil(200 / w));
    expect(chunks.join('')).toBe('x'.repeat(200));
  });

  it('word wrap keeps words whole and never exceeds the width', () => {
    const chunks = wrapCells('Could not access KVM kernel module: Permission denied', 20);
    expect(chunks).toEqual(['Could not access KVM', 'kernel module:', 'Permission denied']);
    for (const c of wrapCells('日本語のテキスト'.repeat(5), 7)) expect(cellWidth(c)).toBeLessThanOrEqual(7);
  });
});
