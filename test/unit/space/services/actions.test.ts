import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLanguageService } from '../../../../src/core/space/services';

const STUDY = `command: python train.py --lr {lr}
space:
  lr: {uniform: [0.9, 0.1]}
objectives:
  loss: {mode: min}
schedular: {type: asha}
`;

const apply = (text: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): string =>
  [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);

test('the fixes of the diagnostics under a span become code actions', () => {
  const service = createLanguageService();
  const at = STUDY.indexOf('schedular');
  const actions = service.actions(STUDY, { start: at, end: at });
  assert.equal(actions.length, 1);
  assert.equal(actions[0]?.title, "Replace with 'scheduler'");
  assert.equal(actions[0]?.preferred, true);
  assert.equal(actions[0]?.diagnostic.code, 'unknown-key');
  assert.match(apply(STUDY, actions[0]?.edits ?? []), /^scheduler: \{type: asha\}$/m);
});

test('swapping bounds is offered on the range and fixes it', () => {
  const service = createLanguageService();
  const at = STUDY.indexOf('0.1]');
  const [swap] = service.actions(STUDY, { start: at, end: at + 1 });
  assert.equal(swap?.diagnostic.code, 'bounds-order');
  const fixed = apply(STUDY, swap?.edits ?? []);
  assert.match(fixed, /lr: \{uniform: \[0\.1, 0\.9\]\}/);
  assert.ok(!service.diagnostics(fixed).some((d) => d.code === 'bounds-order'));
});

test('a span away from any fixable diagnostic has no actions', () => {
  const at = STUDY.indexOf('objectives');
  assert.deepEqual(createLanguageService().actions(STUDY, { start: at, end: at + 3 }), []);
});
