import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../../../src/core/space/services';
import { withCursor } from './cursor';

const STUDY = `version: 1
command: python train.py --lr {lr} --opt {optimizer}
space:
  lr: {loguniform: [1.0e-4, 1.0e-3]}
  optimizer: {choice: [adam, sgd]}
objectives:
  loss: {mode: min}
`;

const complete = (template: string, sshHosts: string[] = []) => {
  const { text, offset } = withCursor(template);
  return createLanguageService({ sshHosts }).complete(text, offset);
};
const labels = (template: string, sshHosts: string[] = []) => complete(template, sshHosts).map((i) => i.label);

test('top-level keys leave out the ones already present and carry their docs', () => {
  const items = complete(`${STUDY}sch|`);
  const names = items.map((i) => i.label);
  assert.ok(names.includes('scheduler') && names.includes('budget') && names.includes('hosts'));
  for (const present of ['version', 'command', 'space', 'objectives']) assert.ok(!names.includes(present), present);
  const scheduler = items.find((i) => i.label === 'scheduler');
  assert.match(scheduler?.documentation ?? '', /fifo/);
  assert.equal(scheduler?.insertText, 'scheduler:\n  $1');
  const { offset } = withCursor(`${STUDY}sch|`);
  assert.deepEqual(scheduler?.span, { start: offset - 3, end: offset });
});

test('keys inside a block mapping are that mapping\'s keys', () => {
  const names = labels('scheduler:\n  type: asha\n  |\n');
  assert.deepEqual(names.sort(), ['brackets', 'max', 'min', 'mode', 'reduction', 'resource']);
});

test('enum values for searcher, scheduler type, mode, objective mode and failure action', () => {
  assert.deepEqual(labels('searcher: |\n'), ['random', 'grid', 'bo']);
  assert.deepEqual(labels('scheduler:\n  type: h|\n'), ['fifo', 'asha', 'hyperband']);
  assert.deepEqual(labels('scheduler:\n  type: asha\n  mode: |\n'), ['promotion', 'stopping']);
  assert.deepEqual(labels('objectives:\n  bleu: {mode: |}\n'), ['max', 'min']);
  assert.deepEqual(labels('failures:\n  - pattern: OOM\n    action: |\n'), ['retry', 'discard', 'halt', 'fail']);
});

test('distribution names and modifiers inside a half-typed flow parameter', () => {
  const items = complete('space:\n  lr: {lo|\n');
  assert.deepEqual(items.map((i) => i.label), ['uniform', 'loguniform', 'int', 'choice', 'ordinal', 'step', 'log', 'when']);
  const log = items.find((i) => i.label === 'loguniform');
  assert.equal(log?.insertText, 'loguniform: [${1:1.0e-5}, ${2:1.0e-2}]');
  assert.equal(log?.snippet, true);
});

test('once a parameter has a distribution, only unused modifiers are offered', () => {
  assert.deepEqual(labels('space:\n  lr: {uniform: [0, 1], |}\n'), ['step', 'log', 'when']);
  assert.deepEqual(labels('space:\n  lr:\n    int: [1, 8]\n    log: true\n    |\n'), ['step', 'when']);
  assert.deepEqual(labels('space:\n  lr: {loguniform: [1.0e-4, 1.0e-2], |}\n'), ['step', 'when']);
  assert.deepEqual(labels('space:\n  act: {choice: [relu, gelu], |}\n'), ['when']);
});

test('the value of a parameter offers distribution forms', () => {
  const items = complete('space:\n  dropout: |\n');
  assert.equal(items.length, 5);
  assert.equal(items[0]?.insertText, '{uniform: [${1:0.0}, ${2:1.0}]}');
});

test('placeholders after an unclosed brace in command: parameters, then built-ins', () => {
  const template = STUDY.replace('--opt {optimizer}', '--opt {optimizer} --out {|');
  const items = complete(template);
  assert.deepEqual(items.map((i) => i.label), ['lr', 'optimizer', 'trial_id', 'trial_dir', 'resource', 'config', 'gpus']);
  assert.equal(items[0]?.insertText, 'lr}');
  assert.equal(items[0]?.detail, 'lr: log-uniform real in [0.0001, 0.001]');
});

test('placeholders in a folded command on a half-typed file', () => {
  const names = labels('command: >-\n  python train.py\n  --out {tri|\nspace:\n  lr: {uniform: [0, 1]}\n  depth: 3\n');
  assert.ok(names.includes('lr') && names.includes('depth') && names.includes('trial_dir'));
});

test('no placeholder completions outside a brace or after an escaped {{', () => {
  assert.deepEqual(labels('command: python train.py --lr |\nspace:\n  lr: 1\n'), []);
  assert.deepEqual(labels('command: "echo {{|"\nspace:\n  lr: 1\n'), []);
});

test('host aliases from ~/.ssh/config in hosts items, without wildcard patterns', () => {
  const ssh = ['gpu1', 'gpu2', '*.lab', '!bastion', 'gpu?'];
  assert.deepEqual(labels('hosts:\n  - |\n', ssh), ['gpu1', 'gpu2']);
  assert.deepEqual(labels('hosts: [gpu1, g|]\n', ssh), ['gpu1', 'gpu2']);
  assert.deepEqual(labels('hosts:\n  - {host: |}\n', ssh), ['gpu1', 'gpu2']);
});

test('parameter names inside a when: string, leaving out the parameter itself', () => {
  const names = labels(`space:\n  optimizer: {choice: [adam, sgd]}\n  layers: {int: [1, 4]}\n  momentum: {uniform: [0.5, 0.99], when: "opt|"}\n`);
  assert.deepEqual(names, ['optimizer', 'layers']);
});

test('built-in metrics are offered as objective names', () => {
  const names = labels('objectives:\n  bleu: {mode: max}\n  |\n');
  assert.deepEqual(names, ['co2e', 'energy_kwh', 'gpu_hours', 'wall_s']);
});

test('keys of a new failures item', () => {
  assert.deepEqual(labels('failures:\n  - |\n'), ['pattern', 'action', 'max_retries']);
});

test('nothing in a comment', () => {
  assert.deepEqual(labels('searcher: bo # ra|\n'), []);
});

test('completing over an existing key replaces only its name', () => {
  const items = complete('scheduler:\n  red|uction: 3\n');
  const reduction = items.find((i) => i.label === 'reduction');
  assert.equal(reduction?.insertText, 'reduction');
  assert.equal(reduction?.snippet, false);
  const { offset } = withCursor('scheduler:\n  red|uction: 3\n');
  assert.deepEqual(reduction?.span, { start: offset - 3, end: offset + 6 });
});
