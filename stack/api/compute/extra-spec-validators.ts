// nova.api.validation.extra_specs.validators.validate, from 2.86: an extra spec whose name one of
// Nova's validators matches must have a value of its type; a namespaced name in one of Nova's
// namespaces that none matches is refused; any other name (no namespace, or someone else's) is
// left alone. Refusals are ValidationError (400) in Nova's words.

import { badRequest } from '../http/api-error.js';
import { EXTRA_SPEC_VALIDATORS, type SpecValidator, type SpecValue } from './extra-spec-table.js';

interface Compiled { spec: SpecValidator; name: RegExp; namespace: string | null }

/** The name with each {param} replaced by its named group, as Nova builds name_regex. */
function nameRegex(v: SpecValidator): string {
  let re = v.name;
  for (const [param, pattern] of Object.entries(v.params ?? {})) re = re.replace(`{${param}}`, `(?<${param}>${pattern})`);
  return re;
}

const COMPILED: Compiled[] = EXTRA_SPEC_VALIDATORS.map((spec) => {
  const re = nameRegex(spec);
  return { spec, name: new RegExp(`^(?:${re})$`), namespace: re.includes(':') ? re.split(':')[0] : null };
});
const BY_NAME = new Map(COMPILED.map((c) => [c.spec.name, c]));
const NAMESPACES = [...new Set(COMPILED.flatMap((c) => (c.namespace === null ? [] : [c.namespace])))].map((ns) => new RegExp(`^(?:${ns})$`));

const failed = (why: string) => badRequest(`Validation failed; ${why}`);
const TRUE_WORDS = ['1', 't', 'true', 'on', 'y', 'yes'];
const FALSE_WORDS = ['0', 'f', 'false', 'off', 'n', 'no'];

/** Python's int() of a string: optional blanks and sign, digits with single underscores between. */
const PY_INT = /^\s*[+-]?\d+(_\d+)*\s*$/;

function checkValue(value: string, v: SpecValue): void {
  if (v.type === 'int') {
    if (!PY_INT.test(value)) throw failed(`'${value}' is not a valid integer value.`);
    const n = Number(value.replace(/_/g, '').trim());
    if (v.max !== undefined && v.max < n) throw failed(`'${n}' is greater than the max value of '${v.max}'.`);
    if (v.min !== undefined && v.min > n) throw failed(`'${n}' is less than the min value of '${v.min}'.`);
  } else if (v.type === 'bool') {
    const word = value.trim().toLowerCase();
    if (!TRUE_WORDS.includes(word) && !FALSE_WORDS.includes(word)) throw failed(`'${value}' is not a valid boolean-like value.`);
  } else if (v.pattern !== undefined) {
    if (!new RegExp(`^(?:${v.pattern})$`).test(value)) throw failed(`'${value}' is not of the format '${v.pattern}'.`);
  } else if (v.enum && !v.enum.includes(value)) {
    throw failed(`'${value}' is not one of: ${v.enum.join(', ')}.`);
  }
}

/** validators.validate(name, value): ApiError 400 when Nova's validators refuse the spec. */
export function validateExtraSpec(name: string, value: string): void {
  const known = BY_NAME.get(name) ?? COMPILED.find((c) => c.name.test(name));
  if (known) return checkValue(value, known.spec.value);
  if (!name.includes(':')) return;
  const namespace = name.split(':')[0];
  if (!NAMESPACES.some((ns) => ns.test(namespace))) return;
  throw failed(`extra spec '${name}' does not appear to be a valid extra spec.`);
}
