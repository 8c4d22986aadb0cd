// Terminal cell arithmetic for the views: sanitise log text (no escape sequences or control
// characters may reach the terminal), measure it in cells, cut, pad and wrap it. Invariant:
// every string these helpers return measures at most the width it was asked for.

const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
const CONTROL_ALL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Log text made safe to print: escape sequences dropped, tabs as 4 spaces, CR dropped, other controls as '·'. */
export function sanitize(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/\r/g, '')
    .replace(/\t/g, '    ')
    .replace(CONTROL_ALL, '·');
}

/** Cells one code point takes: 0 for combining marks and zero-width characters, 2 for wide (CJK, emoji), else 1. */
export function codePointCells(cp: number): 0 | 1 | 2 {
  if (cp < 0x300) return 1;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) return 2;
  return 1;
}

/** Width of a (sanitised) string in terminal cells. */
export function cellWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let w = 0;
  for (const ch of text) w += codePointCells(ch.codePointAt(0)!);
  return w;
}

/**
 * The part of `text` that covers cells [from, from + width). A wide character cut by either
 * edge becomes spaces, so the result never measures more than `width`.
 */
export function sliceCells(text: string, from: number, width: number): string {
  if (width <= 0) return '';
  from = Math.max(0, from);
  if (PRINTABLE_ASCII.test(text)) return text.slice(from, from + width);
  const end = from + width;
  let out = '';
  let x = 0;
  for (const ch of text) {
    if (x >= end) break;
    const w = codePointCells(ch.codePointAt(0)!);
    if (x + w <= from) { x += w; continue; }
    if (x < from) out += ' '.repeat(Math.min(x + w, end) - from);
    else if (x + w > end) out += ' '.repeat(end - x);
    else out += ch;
    x += w;
  }
  return out;
}

/** `text` cut or right-padded with spaces to exactly `width` cells. */
export function padCells(text: string, width: number): string {
  if (width <= 0) return '';
  const cut = sliceCells(text, 0, width);
  const w = cellWidth(cut);
  return w < width ? cut + ' '.repeat(width - w) : cut;
}

/** `text` cut to `width` cells with a trailing '…' when it did not fit. */
export function ellipsize(text: string, width: number): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  return sliceCells(text, 0, width - 1) + '…';
}

/**
 * `text` broken into chunks of at most `width` cells. `words`: at the last space of a chunk
 * when that space lies in its second half (words stay whole), else hard; without it always
 * hard, so an ASCII line takes exactly ceil(length / width) chunks (the count the model's
 * viewport assumes for log rows). Always at least one chunk.
 */
export function wrapCells(text: string, width: number, words = true): string[] {
  if (width <= 0) return [''];
  if (cellWidth(text) <= width) return [text];
  const out: string[] = [];
  let start = 0;
  let x = 0;
  let breakAt = -1;
  let breakX = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const w = codePointCells(cp);
    if (x + w > width && i > start) {
      const cut = words && cp !== 0x20 && breakAt > start && breakX >= width / 2 ? breakAt : i;
      out.push(words ? text.slice(start, cut).trimEnd() : text.slice(start, cut));
      start = cut;
      if (words) while (text.charCodeAt(start) === 0x20 && start < i) start++;
      if (words && start === i && cp === 0x20) { start = i = i + 1; x = 0; breakAt = -1; continue; }
      x = cellWidth(text.slice(start, i));
      breakAt = -1;
      continue;
    }
    x += w;
    i += len;
    if (cp === 0x20) { breakAt = i; breakX = x; }
  }
  out.push(text.slice(start));
  return out.map((l) => (cellWidth(l) > width ? sliceCells(l, 0, width) : l));
}
