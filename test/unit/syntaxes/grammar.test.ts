import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../../..');
let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      if (scope !== 'source.rung') return null;
      const file = path.join(ROOT, 'syntaxes/rung.tmLanguage.json');
      return parseRawGrammar(readFileSync(file, 'utf8'), file);
    },
  });
  const loaded = await registry.loadGrammar('source.rung');
  assert.ok(loaded, 'the grammar loads');
  grammar = loaded;
});

/** Scopes of the token that covers the `nth` occurrence of `needle` in the document. */
function scopesOf(text: string, needle: string, nth = 0): string[] {
  let state = INITIAL;
  let seen = 0;
  for (const line of text.split('\n')) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    let from = line.indexOf(needle);
    while (from >= 0) {
      if (seen++ === nth) return tokens.find((t) => t.startIndex <= from && from < t.endIndex)?.scopes ?? [];
      from = line.indexOf(needle, from + 1);
    }
  }
  throw new Error(`'${needle}' not in the text`);
}

const STUDY = `version: 1
command: >-
  python train.py --lr {lr} --out {trial_dir}
  --literal {{not_a_placeholder}}
space:
  lr: {loguniform: [1.0e-4, 1.0e-3]}   # log-scaled
  layers:
    choice: [1, 2, 4]
  momentum: {uniform: [0.5, 0.99], when: "optimizer == 'sgd'"}
objectives:
  bleu: {mode: max}
scheduler:
  type: asha
  mode: promotion
budget: {trials: 200, wall: 48h}
`;

test('distribution keys are support functions, in flow and block style', () => {
  assert.ok(scopesOf(STUDY, 'loguniform').includes('support.function.distribution.rung'));
  assert.ok(scopesOf(STUDY, 'choice').includes('support.function.distribution.rung'));
  assert.ok(scopesOf(STUDY, 'when').includes('storage.modifier.rung'));
});

test('placeholders in a folded command are variables, and {{ is an escape', () => {
  assert.ok(scopesOf(STUDY, 'lr}').includes('variable.other.placeholder.rung'));
  assert.ok(scopesOf(STUDY, 'trial_dir').includes('variable.other.placeholder.rung'));
  assert.ok(scopesOf(STUDY, 'lr}').includes('string.unquoted.block.command.rung'));
  assert.ok(scopesOf(STUDY, '{{').includes('constant.character.escape.brace.rung'));
  assert.ok(!scopesOf(STUDY, 'not_a_placeholder').includes('variable.other.placeholder.rung'));
});

test('the block command ends at the next key', () => {
  assert.ok(scopesOf(STUDY, 'space').includes('entity.name.tag.rung'));
  assert.ok(!scopesOf(STUDY, 'space').some((s) => s.startsWith('string')));
});

test('placeholders in quoted and plain one-line commands', () => {
  assert.ok(scopesOf('command: "python t.py {lr}"\n', 'lr').includes('variable.other.placeholder.rung'));
  assert.ok(scopesOf("command: 'python t.py {lr}'\n", 'lr').includes('variable.other.placeholder.rung'));
  assert.ok(scopesOf('command: python t.py {lr} # x\n', 'lr').includes('variable.other.placeholder.rung'));
  assert.ok(scopesOf('command: python t.py {lr} # x\n', 'x').includes('comment.line.number-sign.rung'));
});

test('modes, scheduler types and searchers are language constants', () => {
  assert.ok(scopesOf(STUDY, 'max').includes('constant.language.mode.rung'));
  assert.ok(scopesOf(STUDY, 'asha').includes('constant.language.mode.rung'));
  assert.ok(scopesOf(STUDY, 'promotion').includes('constant.language.mode.rung'));
  assert.ok(scopesOf('searcher: bo\n', 'bo').includes('constant.language.mode.rung'));
});

test('budget durations are numbers with a unit', () => {
  assert.ok(scopesOf(STUDY, '48').includes('constant.numeric.duration.rung'));
  assert.ok(scopesOf(STUDY, 'h}').includes('keyword.other.unit.rung'));
  assert.ok(scopesOf('budget:\n  wall: 30 min\n', 'min').includes('keyword.other.unit.rung'));
});

test('keys, numbers, strings and comments', () => {
  assert.ok(scopesOf(STUDY, 'version').includes('entity.name.tag.rung'));
  assert.ok(scopesOf(STUDY, 'trials').includes('entity.name.tag.rung'));
  assert.ok(scopesOf(STUDY, '1.0e-4').includes('constant.numeric.rung'));
  assert.ok(scopesOf(STUDY, 'sgd').includes('string.quoted.double.rung'));
  assert.ok(scopesOf(STUDY, 'log-scaled').includes('comment.line.number-sign.rung'));
  assert.ok(!scopesOf('name: grid2 search\n', 'grid2').includes('constant.language.mode.rung'));
});
