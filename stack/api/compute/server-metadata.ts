// A server's metadata as Nova checks it on create: the JSON schema of
// nova.api.validation.parameter_types.metadata (keys of 1-255 characters from
// [a-zA-Z0-9-_:. ], string values of at most 255), worded as Nova's validator words a
// jsonschema error (first error in schema order: type, patternProperties, additionalProperties),
// then the metadata_items quota (403, MetadataLimitExceeded).

import { pyStrRepr } from '../../scheduler/py-repr.js';
import { badRequest, forbidden } from '../http/api-error.js';
import { isObject } from '../http/request.js';

const KEY = /^[a-zA-Z0-9-_:. ]{1,255}$/u;
const MAX_VALUE = 255;

function pyRepr(v: unknown): string {
  if (typeof v === 'string') return pyStrRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** str() of a JSON value, as %(value)s prints the instance. */
const pyStr = (v: unknown) => (typeof v === 'string' ? v : pyRepr(v));

export function validateMetadata(metadata: unknown, maxItems: number): Record<string, string> {
  if (!isObject(metadata)) throw badRequest(`Invalid input for field/attribute metadata. Value: ${pyStr(metadata)}. ${pyRepr(metadata)} is not of type 'object'`);
  for (const [k, v] of Object.entries(metadata)) {
    if (!KEY.test(k)) continue;
    if (typeof v !== 'string') throw badRequest(`Invalid input for field/attribute ${k}. Value: ${pyStr(v)}. ${pyRepr(v)} is not of type 'string'`);
    if ([...v].length > MAX_VALUE) throw badRequest(`Invalid input for field/attribute ${k}. Value: ${v}. ${pyRepr(v)} is too long`);
  }
  const extra = Object.keys(metadata).filter((k) => !KEY.test(k));
  if (extra.length) {
    const list = extra.map(pyStrRepr).join(', ');
    throw badRequest(`Invalid input for field/attribute metadata. Value: ${pyRepr(metadata)}. Additional properties are not allowed (${list} ${extra.length === 1 ? 'was' : 'were'} unexpected)`);
  }
  if (Object.keys(metadata).length > maxItems) throw forbidden(`Maximum number of metadata items exceeds ${maxItems}`);
  return metadata as Record<string, string>;
}
