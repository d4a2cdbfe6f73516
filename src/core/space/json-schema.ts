/**
 * A JSON Schema (draft-07) of study files, generated from the key table so
 * that the YAML extension's validation and completion agree with Rung's own.
 * schemas/rung.schema.json is its output (scripts/gen-schema.mjs); a unit
 * test keeps the two identical.
 */
import { DISTRIBUTION_DOCS, PARAMETER_KEYS, TOP_LEVEL_KEYS, type KeySpec, type ValueKind } from './keys';

export interface JsonSchema {
  $schema?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: readonly (string | number)[];
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minProperties?: number;
  maxItems?: number;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const JSON_TYPES: Readonly<Record<ValueKind, string>> = {
  string: 'string', number: 'number', integer: 'integer', boolean: 'boolean', map: 'object', list: 'array',
};

/** Parameter names as the language defines them (a dotted name addresses base_config). */
export const PARAMETER_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$';

function kindSchema(kind: ValueKind, spec: KeySpec): JsonSchema {
  const schema: JsonSchema = { type: JSON_TYPES[kind] };
  if (kind === 'string' && spec.values) schema.enum = spec.values;
  if ((kind === 'number' || kind === 'integer') && spec.minimum !== undefined) schema.minimum = spec.minimum;
  if (kind === 'list' && spec.items) schema.items = specSchema(spec.items);
  if (kind === 'map') {
    if (spec.keys) schema.properties = Object.fromEntries(Object.entries(spec.keys).map(([k, v]) => [k, specSchema(v)]));
    schema.additionalProperties = spec.named ? specSchema(spec.named) : false;
  }
  return schema;
}

function specSchema(spec: KeySpec): JsonSchema {
  const forms = spec.kinds.map((k) => kindSchema(k, spec));
  if (forms.length === 1) return { description: spec.doc, ...forms[0] };
  return { description: spec.doc, anyOf: forms };
}

const scalar: JsonSchema = { type: ['string', 'number', 'boolean'] };
const when = { description: PARAMETER_KEYS.when?.doc ?? '', type: 'string' };

function rangeForm(kind: 'uniform' | 'loguniform' | 'int'): JsonSchema {
  const bound: JsonSchema = { type: kind === 'int' ? 'integer' : 'number' };
  const properties: Record<string, JsonSchema> = {
    [kind]: { description: DISTRIBUTION_DOCS[kind], type: 'array', items: bound, minItems: 2, maxItems: 2 },
    step: { description: PARAMETER_KEYS.step?.doc ?? '', type: kind === 'int' ? 'integer' : 'number', exclusiveMinimum: 0 },
  };
  if (kind !== 'loguniform') properties.log = { description: PARAMETER_KEYS.log?.doc ?? '', type: 'boolean' };
  properties.when = when;
  return { type: 'object', properties, required: [kind], additionalProperties: false };
}

function valuesForm(kind: 'choice' | 'ordinal'): JsonSchema {
  return {
    type: 'object',
    properties: { [kind]: { description: DISTRIBUTION_DOCS[kind], type: 'array', items: scalar, minItems: 1 }, when },
    required: [kind],
    additionalProperties: false,
  };
}

const parameter: JsonSchema = {
  description: 'A parameter: a distribution mapping, or a constant that is substituted but never searched.',
  oneOf: [
    { description: 'A constant', ...scalar },
    rangeForm('uniform'), rangeForm('loguniform'), rangeForm('int'), valuesForm('choice'), valuesForm('ordinal'),
  ],
};

export function studyJsonSchema(): JsonSchema {
  const properties = Object.fromEntries(Object.entries(TOP_LEVEL_KEYS).map(([k, v]) => [k, specSchema(v)]));
  const space = TOP_LEVEL_KEYS.space as KeySpec;
  properties.space = { description: space.doc, type: 'object', propertyNames: { pattern: PARAMETER_NAME_PATTERN }, additionalProperties: parameter };
  // What the rules require beyond types: at least one objective, each with a mode; a host name; a failure pattern and action.
  const objectives = properties.objectives as JsonSchema & { additionalProperties: JsonSchema };
  objectives.minProperties = 1;
  objectives.additionalProperties.required = ['mode'];
  const hosts = properties.hosts?.items?.anyOf?.[1];
  if (hosts) hosts.required = ['host'];
  const failure = properties.failures?.items;
  if (failure) failure.required = ['pattern', 'action'];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Rung study (*.rung.yaml)',
    description: 'One tuning study: what to run, what to vary, what to optimise, how to schedule, where to run. See docs/space-language.md.',
    type: 'object',
    properties,
    required: ['space', 'objectives'],
    anyOf: [{ required: ['command'] }, { required: ['table'] }],
    additionalProperties: false,
  };
}

/** The exact text of schemas/rung.schema.json. */
export const studySchemaText = (): string => `${JSON.stringify(studyJsonSchema(), null, 2)}\n`;
