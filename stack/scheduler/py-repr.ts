// Python's str()/repr() of the few value shapes Nova interpolates into scheduler messages
// (strings, lists, sets, floats, None), so the stack's lines read exactly like Nova's on
// Python 3.

export type PyValue = string | number | boolean | null | undefined | PyValue[] | PySet | PyFloat | PyTuple;

/** A set prints as {'a', 'b'} (an empty one as set()). */
export class PySet {
  constructor(readonly items: readonly PyValue[]) {}
}

/** A tuple prints as ('a', 'b'). */
export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** A number that Python holds as a float: 512 prints as 512.0. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pyFloat(n: number): string {
  if (Number.isInteger(n)) return `${n}.0`;
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

export function pyStrRepr(s: string): string {
  // Python picks double quotes only when the text holds a single quote and no double quote.
  if (s.includes("'") && !s.includes('"')) return `"${s.replace(/\\/g, '\\\\')}"`;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** repr() of a value. */
export function pyRepr(v: PyValue): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pyStrRepr(v);
  if (v instanceof PyFloat) return pyFloat(v.value);
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${pyRepr(v.items[0])},)` : `(${v.items.map(pyRepr).join(', ')})`;
  if (v instanceof PySet) return v.items.length === 0 ? 'set()' : `{${v.items.map(pyRepr).join(', ')}}`;
  return `[${v.map(pyRepr).join(', ')}]`;
}

/** str() of a value: like repr() except that a bare string prints without quotes. */
export function pyStr(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}
