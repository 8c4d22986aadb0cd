// parameter_types.boolean of Nova's request schemas: an enum of JSON booleans and the words
// oslo's bool_from_string reads, refused with jsonschema's "is not one of" and the whole enum.

import { invalid, pyRepr } from './actions/action-spec.js';

const TRUE_WORDS = ['True', 'TRUE', 'true', '1', 'ON', 'On', 'on', 'YES', 'Yes', 'yes', 'y', 't'];
const FALSE_WORDS = ['False', 'FALSE', 'false', '0', 'OFF', 'Off', 'off', 'NO', 'No', 'no', 'n', 'f'];
const ENUM = `[True, ${TRUE_WORDS.map((w) => `'${w}'`).join(', ')}, False, ${FALSE_WORDS.map((w) => `'${w}'`).join(', ')}]`;

/** The value as given when the schema takes it, a 400 naming `field` otherwise. */
export function checkParameterBoolean(field: string, value: unknown): boolean | string {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && (TRUE_WORDS.includes(value) || FALSE_WORDS.includes(value))) return value;
  throw invalid(field, value, `${pyRepr(value)} is not one of ${ENUM}`);
}

/** What a BooleanField makes of an accepted value. */
export const asBoolean = (value: boolean | string): boolean => value === true || (typeof value === 'string' && TRUE_WORDS.includes(value));
