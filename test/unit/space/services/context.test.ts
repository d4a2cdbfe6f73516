import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isScalar, isSeq } from 'yaml';
import { parseStudyText } from '../../../../src/core/space/parse';
import { contextAt } from '../../../../src/core/space/services/context';
import { withCursor } from './cursor';

const ctx = (template: string) => {
  const { file, offset } = withCursor(template);
  return contextAt(file, offset);
};

test('a half-typed top-level key is a key slot at the root with present keys as siblings', () => {
  const c = ctx('version: 1\nname: x\nsea|\nspace:\n  lr: 1\n');
  assert.equal(c.slot, 'key');
  assert.deepEqual(c.path, []);
  assert.equal(c.prefix, 'sea');
  assert.deepEqual([...c.siblings].sort(), ['name', 'space', 'version']);
});

test('an indented blank line takes its path from the lines above', () => {
  const c = ctx('scheduler:\n  type: asha\n  |\nbudget: {trials: 3}\n');
  assert.equal(c.slot, 'key');
  assert.deepEqual(c.path, ['scheduler']);
  assert.deepEqual(c.siblings, ['type']);
});

test('a value after `key: ` names its key and the enclosing path', () => {
  const c = ctx('scheduler:\n  type: as|\n');
  assert.equal(c.slot, 'value');
  assert.equal(c.key, 'type');
  assert.deepEqual(c.path, ['scheduler']);
  assert.equal(c.prefix, 'as');
});

test('inside a flow mapping of a parameter the cursor is at a key of that parameter', () => {
  const c = ctx('space:\n  lr: {lo|\n');
  assert.equal(c.slot, 'key');
  assert.equal(c.flow, true);
  assert.deepEqual(c.path, ['space', 'lr']);
  assert.equal(c.prefix, 'lo');
});

test('keys already in a flow mapping, before and after the cursor, are siblings', () => {
  const c = ctx('space:\n  lr: {loguniform: [1, 2], |, when: "a"}\n');
  assert.deepEqual([...c.siblings].sort(), ['loguniform', 'when']);
});

test('a quoted when: string is a value of when inside the parameter', () => {
  const c = ctx('space:\n  m: {uniform: [0, 1], when: "optim|"}\n');
  assert.equal(c.slot, 'value');
  assert.equal(c.key, 'when');
  assert.equal(c.inString, true);
  assert.deepEqual(c.path, ['space', 'm']);
  assert.equal(c.prefix, 'optim');
});

test('an unclosed brace in a one-line command opens a placeholder', () => {
  const c = ctx('command: python train.py --lr {l|\nspace:\n  lr: 1\n');
  assert.deepEqual(c.command, { placeholder: { brace: 30, prefix: 'l' } });
});

test('an escaped {{ is not a placeholder', () => {
  const c = ctx('command: "echo {{x|"\n');
  assert.deepEqual(c.command, {});
});

test('continuation lines of a folded command are inside the command', () => {
  const c = ctx('command: >-\n  python train.py\n  --out {trial|\nspace:\n  lr: 1\n');
  assert.equal(c.key, 'command');
  assert.equal(c.command?.placeholder?.prefix, 'trial');
});

test('a dash line under hosts is an item of the hosts list', () => {
  const c = ctx('hosts:\n  - gpu1\n  - g|\n');
  assert.equal(c.slot, 'item');
  assert.equal(c.key, 'hosts');
  assert.deepEqual(c.path, []);
});

test('keys of a block list item carry the item index', () => {
  const c = ctx('failures:\n  - pattern: x\n    action: discard\n  - pattern: y\n    act|\n');
  assert.equal(c.slot, 'key');
  assert.deepEqual(c.path, ['failures', '1']);
  assert.deepEqual(c.siblings, ['pattern']);
});

test('a flow mapping as a list item is that item', () => {
  const c = ctx('hosts:\n  - gpu1\n  - {host: g|\n');
  assert.equal(c.slot, 'value');
  assert.equal(c.key, 'host');
  assert.deepEqual(c.path, ['hosts', '1']);
});

test('inside a flow list the cursor is an item of the list key', () => {
  const c = ctx('space:\n  layers: {choice: [1, 2|\n');
  assert.equal(c.slot, 'item');
  assert.equal(c.key, 'choice');
  assert.deepEqual(c.path, ['space', 'layers']);
});

test('a comment is neither key nor value', () => {
  assert.equal(ctx('searcher: bo  # rand|\n').slot, 'comment');
});

test('CRLF line ends do not shift the path', () => {
  const c = ctx('scheduler:\r\n  type: asha\r\n  re|\r\n');
  assert.deepEqual(c.path, ['scheduler']);
  assert.equal(c.prefix, 're');
});

test('on a valid file the path from indentation matches the YAML tree at every key and scalar value', () => {
  const multiLine = 'space:\n  lr: {loguniform: [1.0e-4,\n      1.0e-3], step: 1.0e-5,\n      when: "a > 1"}\n  a: {int: [1, 3]}\nobjectives:\n  loss:\n    mode: min\n';
  for (const text of [readFileSync(path.resolve(__dirname, '../../../../../test/fixtures/valid/full-example.rung.yaml'), 'utf8'), multiLine]) {
    const file = parseStudyText(text);
    let checked = 0;
    const visit = (node: unknown, at: string[]): void => {
      if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...at, String(i)]));
      if (!isMap(node)) return;
      for (const pair of node.items) {
        const key = pair.key as { value: string; range: [number, number] };
        const c = contextAt(file, key.range[0] + 1);
        assert.deepEqual([c.slot, c.path], ['key', at], `key ${key.value} at ${key.range[0]}`);
        const value = pair.value;
        if (isScalar(value) && value.range && typeof value.value !== 'object') {
          const v = contextAt(file, value.range[1] - (value.type === 'PLAIN' ? 0 : 1));
          if (key.value !== 'command') assert.deepEqual([v.slot, v.path, v.key], ['value', at, key.value], `value of ${key.value}`);
          checked++;
        }
        visit(value, [...at, key.value]);
      }
    };
    visit(file.doc?.contents, []);
    assert.ok(checked > 1);
  }
});

test('a plain command on the line below its key is still the command', () => {
  const parsed = ctx('command:\n  python train.py --lr {l|\nspace:\n  lr: 1\n');
  assert.equal(parsed.command?.placeholder?.prefix, 'l');
  const broken = ctx('command:\n  python train.py --lr {l|\nspace: {\n');
  assert.equal(broken.key, 'command');
  assert.equal(broken.command?.placeholder?.prefix, 'l');
});

test('inside a flow mapping opened on an earlier line', () => {
  const c = ctx('space:\n  lr: {loguniform: [1.0e-4, 1.0e-3],\n       st|\n');
  assert.deepEqual([c.slot, c.path, c.flow], ['key', ['space', 'lr'], true]);
  assert.deepEqual(c.siblings, ['loguniform']);
});
