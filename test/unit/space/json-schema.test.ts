import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { studyJsonSchema, studySchemaText } from '../../../src/core/space/json-schema';
import { TOP_LEVEL_KEYS } from '../../../src/core/space/keys';
import { schemaProblems } from './schema-check';

const ROOT = path.resolve(__dirname, '../../../..');
const FULL = parse(readFileSync(path.join(ROOT, 'test/fixtures/valid/full-example.rung.yaml'), 'utf8')) as Record<string, unknown>;
const schema = studyJsonSchema();
const problems = (doc: unknown) => schemaProblems(schema, doc);

test('the committed schema is what the key table generates (run node scripts/gen-schema.mjs)', () => {
  assert.equal(readFileSync(path.join(ROOT, 'schemas/rung.schema.json'), 'utf8'), studySchemaText());
});

test('every top-level key of the key table is in the schema, and nothing else is allowed', () => {
  assert.deepEqual(Object.keys(schema.properties ?? {}), Object.keys(TOP_LEVEL_KEYS));
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
});

test('the full example of the language conforms', () => {
  assert.deepEqual(problems(FULL), []);
});

test('slurm, table and hyperband variants conform', () => {
  const { hosts: _hosts, ...rest } = FULL;
  assert.deepEqual(problems({ ...rest, slurm: { login: 'hpc-login', partition: 'gpu', gres: 'gpu:1', time: '04:00:00', account: 'nlp' } }), []);
  const { command: _command, ...noCommand } = rest;
  assert.deepEqual(problems({ ...noCommand, table: 'bench/tables/sw-en.json', scheduler: { type: 'hyperband', min: 1, max: 81, reduction: 3 } }), []);
});

test('mistakes the language rejects are rejected by the schema too', () => {
  const space = FULL.space as Record<string, unknown>;
  const cases: [string, unknown][] = [
    ['unknown top-level key', { ...FULL, schedular: 'asha' }],
    ['unknown scheduler type', { ...FULL, scheduler: { type: 'ashaa' } }],
    ['bare list parameter', { ...FULL, space: { ...space, lr: [1, 2] } }],
    ['two distributions', { ...FULL, space: { ...space, lr: { uniform: [0, 1], int: [1, 2] } } }],
    ['log on loguniform', { ...FULL, space: { ...space, lr: { loguniform: [1e-4, 1e-2], log: true } } }],
    ['one bound', { ...FULL, space: { ...space, lr: { uniform: [0] } } }],
    ['empty choice', { ...FULL, space: { ...space, layers: { choice: [] } } }],
    ['bad parameter name', { ...FULL, space: { ...space, '2lr': 1 } }],
    ['objective without mode', { ...FULL, objectives: { bleu: { pattern: 'x' } } }],
    ['bad objective mode', { ...FULL, objectives: { bleu: { mode: 'maximise' } } }],
    ['no objectives', { ...FULL, objectives: {} }],
    ['no command nor table', (({ command: _c, ...r }) => r)(FULL)],
    ['parallel 0', { ...FULL, parallel: 0 }],
    ['failure action', { ...FULL, failures: [{ pattern: 'x', action: 'explode' }] }],
  ];
  for (const [what, doc] of cases) assert.notDeepEqual(problems(doc), [], what);
});
