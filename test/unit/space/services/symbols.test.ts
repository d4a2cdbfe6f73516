import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../../../src/core/space/services';

const FULL = readFileSync(path.resolve(__dirname, '../../../../../test/fixtures/valid/full-example.rung.yaml'), 'utf8');

test('the outline lists top-level keys with parameters, objectives and hosts below', () => {
  const symbols = createLanguageService().symbols(FULL);
  assert.deepEqual(symbols.map((s) => s.name).slice(0, 6), ['version', 'name', 'command', 'workdir', 'base_config', 'env']);
  const space = symbols.find((s) => s.name === 'space');
  assert.equal(space?.children.length, 8);
  const lr = space?.children[0];
  assert.deepEqual([lr?.name, lr?.detail, lr?.kind], ['lr', 'log-uniform real in [0.0001, 0.001]', 'parameter']);
  assert.match(space?.children.find((c) => c.name === 'momentum')?.detail ?? '', /when optimizer == 'sgd'/);
  const objectives = symbols.find((s) => s.name === 'objectives');
  assert.deepEqual(objectives?.children.map((c) => `${c.name} ${c.detail}`), ['bleu max', 'decode_time min', 'co2e min (built in)']);
  assert.equal(symbols.find((s) => s.name === 'scheduler')?.detail, 'asha');
  assert.deepEqual(symbols.find((s) => s.name === 'hosts')?.children.map((c) => c.name), ['gpu1', 'gpu2.lab']);
  assert.deepEqual(symbols.find((s) => s.name === 'failures')?.children.map((c) => `${c.name} -> ${c.detail}`),
    ['CUDA out of memory -> discard', 'all CUDA-capable devices are busy -> retry', 'Stale file handle -> halt']);
  assert.deepEqual(symbols.find((s) => s.name === 'budget')?.children.map((c) => c.name), ['trials', 'gpu_hours', 'co2e_kg', 'wall']);
});

test('spans cover the entry and select the key', () => {
  const text = 'space:\n  lr: {uniform: [0, 1]}\nobjectives: {loss: {mode: min}}\n';
  const [space] = createLanguageService().symbols(text);
  assert.deepEqual(space?.selectionSpan, { start: 0, end: 5 });
  const lr = space?.children[0];
  assert.equal(text.slice(lr?.span.start, lr?.span.end), 'lr: {uniform: [0, 1]}');
  assert.equal(text.slice(lr?.selectionSpan.start, lr?.selectionSpan.end), 'lr');
});

test('a document that is not a mapping has no outline', () => {
  assert.deepEqual(createLanguageService().symbols('- a\n- b\n'), []);
});
