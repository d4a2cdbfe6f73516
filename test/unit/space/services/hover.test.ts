import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../../../src/core/space/services';

const FULL = readFileSync(path.resolve(__dirname, '../../../../../test/fixtures/valid/full-example.rung.yaml'), 'utf8');
const service = createLanguageService({ sshHosts: ['gpu1'], fileExists: () => true, readFile: () => 'lr: 0.1\nlayers: 2\n' });
const hoverOn = (text: string, needle: string, delta = 1) => {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return service.hover(text, at + delta);
};

test('a parameter name shows its distribution in words', () => {
  assert.match(hoverOn(FULL, '  lr:', 3)?.markdown ?? '', /lr: log-uniform real in \[0\.0001, 0\.001\]/);
  assert.match(hoverOn(FULL, 'layers:    {')?.markdown ?? '', /layers: one of 1, 2, 4, 6/);
  assert.match(hoverOn(FULL, 'momentum:')?.markdown ?? '', /momentum: uniform real in \[0\.5, 0\.99\], active only when optimizer == 'sgd'/);
  assert.match(hoverOn(FULL, 'bpe:')?.markdown ?? '', /bpe: log-uniform integer in \[1000, 32000\]/);
  assert.match(hoverOn(FULL, 'warmup:')?.markdown ?? '', /constant 4000/);
});

test('a key shows its doc from the key table, with its span', () => {
  const h = hoverOn(FULL, 'gpus_per_trial');
  assert.match(h?.markdown ?? '', /GPUs each trial gets/);
  const at = FULL.indexOf('gpus_per_trial');
  assert.deepEqual(h?.span, { start: at, end: at + 'gpus_per_trial'.length });
});

test('the scheduler shows the ASHA table with budget.trials at the first rung', () => {
  const md = hoverOn(FULL, 'reduction: 3')?.markdown ?? '';
  assert.match(md, /\| rung \| trials \| checkpoints \|/);
  assert.match(md, /\| 0 \| 200 \| 1 \|/);
  assert.match(md, /\| 1 \| 66 \| 3 \|/);
  assert.match(md, /\| 3 \| 7 \| 27 \|/);
});

test('a hyperband scheduler shows one table per bracket', () => {
  const text = FULL.replace('type: asha', 'type: hyperband');
  const md = hoverOn(text, 'scheduler:')?.markdown ?? '';
  assert.equal(md.match(/Bracket s=/g)?.length, 4);
  assert.match(md, /Bracket s=3[\s\S]*\| 0 \| 27 \| 1 \|/);
});

test('placeholders in a folded command: built-ins and parameters', () => {
  const trialDir = hoverOn(FULL, '{trial_dir}', 2);
  assert.match(trialDir?.markdown ?? '', /built-in.*own folder/);
  const at = FULL.indexOf('{trial_dir}');
  assert.deepEqual(trialDir?.span, { start: at, end: at + '{trial_dir}'.length });
  assert.match(hoverOn(FULL, '{lr}', 2)?.markdown ?? '', /log-uniform real/);
});

test('built-in objectives say that Rung measures them', () => {
  assert.match(hoverOn(FULL, 'co2e:        {')?.markdown ?? '', /measured by Rung.*kg CO2e/);
});

test('a parameter named inside a when string', () => {
  const at = FULL.indexOf("optimizer == 'sgd'");
  assert.match(service.hover(FULL, at + 3)?.markdown ?? '', /optimizer: one of adam, sgd/);
});

test('keys still hover in text that YAML rejects', () => {
  const text = 'scheduler:\n  reduction: 3\n  mode: [\nspace: {';
  const h = service.hover(text, text.indexOf('reduction') + 2);
  assert.match(h?.markdown ?? '', /Reduction factor eta/);
});

test('no hover on blank space', () => {
  assert.equal(service.hover('version: 1\n\n\n', 12), undefined);
});
