// Compare an actual value with a hand-written partial expectation: every key present in the
// expectation must match; keys it leaves out are ignored. Arrays match element by element
// and must have the same length. Returns the list of mismatches as "path: expected X, got Y".

export function partialMismatches(actual: unknown, expected: unknown, path = '$'): string[] {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(actual, expected) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} elements, got ${actual.length}: ${JSON.stringify(actual).slice(0, 400)}`];
    }
    return expected.flatMap((e, i) => partialMismatches(actual[i], e, `${path}[${i}]`));
  }
  if (actual === null || typeof actual !== 'object') return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
  const a = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) => partialMismatches(a[k], v, `${path}.${k}`));
}
