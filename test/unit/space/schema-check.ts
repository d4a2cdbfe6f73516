/**
 * The subset of JSON Schema draft-07 that schemas/rung.schema.json uses,
 * enough to check documents against it in tests without a validator library.
 */
import type { JsonSchema } from '../../../src/core/space/json-schema';

const typeOf = (v: unknown): string[] => {
  if (Array.isArray(v)) return ['array'];
  if (v === null) return ['null'];
  if (typeof v === 'number') return Number.isInteger(v) ? ['integer', 'number'] : ['number'];
  return [typeof v === 'object' ? 'object' : typeof v];
};

/** Problems of `value` against `schema`, as `path: what` lines; empty when it conforms. */
export function schemaProblems(schema: JsonSchema, value: unknown, at = '$'): string[] {
  const out: string[] = [];
  if (schema.type !== undefined) {
    const wanted = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!typeOf(value).some((t) => wanted.includes(t))) return [`${at}: is ${typeOf(value)[0]}, want ${wanted.join('|')}`];
  }
  if (schema.enum && !schema.enum.includes(value as string)) out.push(`${at}: ${String(value)} not in ${schema.enum.join('|')}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) out.push(`${at}: not above ${schema.exclusiveMinimum}`);
  }
  if (typeof value === 'string' && schema.pattern && !new RegExp(schema.pattern).test(value)) out.push(`${at}: does not match ${schema.pattern}`);
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.items) value.forEach((v, i) => out.push(...schemaProblems(schema.items as JsonSchema, v, `${at}[${i}]`)));
  }
  if (typeOf(value)[0] === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${at}: missing ${r}`);
    if (schema.minProperties !== undefined && Object.keys(obj).length < schema.minProperties) out.push(`${at}: fewer than ${schema.minProperties} entries`);
    for (const [k, v] of Object.entries(obj)) {
      if (schema.propertyNames) out.push(...schemaProblems(schema.propertyNames, k, `${at}.${k} (name)`));
      const own = schema.properties?.[k];
      if (own) out.push(...schemaProblems(own, v, `${at}.${k}`));
      else if (schema.additionalProperties === false) out.push(`${at}: unknown key ${k}`);
      else if (typeof schema.additionalProperties === 'object') out.push(...schemaProblems(schema.additionalProperties, v, `${at}.${k}`));
    }
  }
  if (schema.anyOf && !schema.anyOf.some((s) => schemaProblems(s, value, at).length === 0)) out.push(`${at}: matches none of anyOf`);
  if (schema.oneOf) {
    const n = schema.oneOf.filter((s) => schemaProblems(s, value, at).length === 0).length;
    if (n !== 1) out.push(`${at}: matches ${n} of oneOf, want exactly 1`);
  }
  return out;
}
