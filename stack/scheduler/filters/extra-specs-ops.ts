// Nova's extra-spec comparison language: `<op> operand` where op is one of =, ==, !=, >=, <=
// (numeric), s==, s!=, s<, s<=, s>, s>= (string), <in>, <all-in>, <or>; anything else is
// plain string equality. `=` means "at least".

type Op = (value: string, operand: string) => boolean;

const num = (s: string) => Number(s);
const numeric = (cmp: (a: number, b: number) => boolean): Op => (v, o) => {
  const a = num(v);
  const b = num(o);
  // Python raises on a non-number here; the filter then cannot match.
  return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
};

const OPS: Record<string, Op> = {
  '=': numeric((a, b) => a >= b),
  '==': numeric((a, b) => a === b),
  '!=': numeric((a, b) => a !== b),
  '>=': numeric((a, b) => a >= b),
  '<=': numeric((a, b) => a <= b),
  's==': (v, o) => v === o,
  's!=': (v, o) => v !== o,
  's<': (v, o) => v < o,
  's<=': (v, o) => v <= o,
  's>': (v, o) => v > o,
  's>=': (v, o) => v >= o,
  '<in>': (v, o) => v.includes(o),
};

export function matchesExtraSpec(value: string | null, req: string): boolean {
  const words = req.split(/\s+/).filter(Boolean);
  const op = words.shift();
  const known = op !== undefined && (op === '<or>' || op === '<all-in>' || op in OPS);
  if (!known) return value === req;
  if (value === null) return false;
  if (op === '<or>') {
    // <or> v1 <or> v2 …: the operands sit at even positions.
    return words.some((w, i) => i % 2 === 0 && w === value);
  }
  if (words.length === 0) return false;
  if (op === '<all-in>') return words.every((w) => value.includes(w));
  return OPS[op](value, words[0]);
}
