/**
 * Every quick fix the rules offer, applied to the text: the diagnostic it fixes
 * must be gone afterwards, and no new error may appear.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Diagnostic, DiagnosticCode, Fix } from '../../../src/core/space/diagnostic';
import type { StudyEnvironment } from '../../../src/core/space/environment';
import { checkStudy } from '../../../src/core/space/validate';

const OBJECTIVES = 'objectives:\n  loss: {mode: min}\n';

function apply(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.span.start - a.span.start);
  for (let i = 1; i < edits.length; i++) assert.ok((edits[i] as Fix['edits'][number]).span.end <= (edits[i - 1] as Fix['edits'][number]).span.start, 'edits do not overlap');
  return edits.reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

const errorsOf = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`).sort();

/** Applies the fix of the `index`-th diagnostic with `code`, and returns the fixed text. */
function fixAndRecheck(text: string, code: DiagnosticCode, expectText?: string, env: StudyEnvironment = {}): string {
  const before = checkStudy(text, env).diagnostics;
  const target = before.find((d) => d.code === code);
  assert.ok(target, `no ${code} in:\n${text}`);
  const fix = target.fixes?.[0];
  assert.ok(fix, `${code} offers no fix: ${target.message}`);
  const fixed = apply(text, fix);
  if (expectText !== undefined) assert.equal(fixed, expectText);
  const after = checkStudy(fixed, env).diagnostics;
  assert.equal(after.filter((d) => d.code === code).length, before.filter((d) => d.code === code).length - 1, `the ${code} is gone after '${fix.title}':\n${fixed}`);
  const remaining = errorsOf(before.filter((d) => d !== target));
  for (const e of errorsOf(after)) assert.ok(remaining.includes(e), `'${fix.title}' introduced: ${e}\n${fixed}`);
  return fixed;
}

describe('quick fixes', () => {
  it('unknown-key: replaces a misspelt key by the nearest known one', () => {
    fixAndRecheck(`command: python t.py --lr {lr}\nsapce:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}`, 'unknown-key',
      `command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}`);
    fixAndRecheck(`command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\nobjectives:\n  loss: {mode: min, patern: 'l=([0-9.]+)'}\n`, 'unknown-key');
  });

  it('bounds-order: swaps the bounds, keeping how each was written', () => {
    fixAndRecheck(`command: python t.py --lr {lr}\nspace:\n  lr: {loguniform: [1.0e-2, 1e-4]}\n${OBJECTIVES}`, 'bounds-order',
      `command: python t.py --lr {lr}\nspace:\n  lr: {loguniform: [1e-4, 1.0e-2]}\n${OBJECTIVES}`);
    fixAndRecheck(`command: python t.py --n {n}\nspace:\n  n:\n    int:\n      - 8\n      - 2\n${OBJECTIVES}`, 'bounds-order');
  });

  it('duplicate-choice: removes the repeat from flow and block lists', () => {
    fixAndRecheck(`command: python t.py --o {o}\nspace:\n  o: {choice: [adam, sgd, adam]}\n${OBJECTIVES}`, 'duplicate-choice',
      `command: python t.py --o {o}\nspace:\n  o: {choice: [adam, sgd]}\n${OBJECTIVES}`);
    fixAndRecheck(`command: python t.py --o {o}\nspace:\n  o:\n    choice:\n      - 1\n      - 1\n      - 2\n${OBJECTIVES}`, 'duplicate-choice',
      `command: python t.py --o {o}\nspace:\n  o:\n    choice:\n      - 1\n      - 2\n${OBJECTIVES}`);
    fixAndRecheck(`command: python t.py --o {o}\r\nspace:\r\n  o:\r\n    choice:\r\n      - 1\r\n      - 1\r\n${OBJECTIVES.replace(/\n/g, '\r\n')}`, 'duplicate-choice');
  });

  it('duplicate-key: removes the repeated line', () => {
    fixAndRecheck(`command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n  lr: {uniform: [0, 2]}\n${OBJECTIVES}`, 'duplicate-key',
      `command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}`);
    fixAndRecheck(`seed: 1\ncommand: python t.py --lr {lr}\nseed: 2\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}`, 'duplicate-key');
  });

  it('undefined-placeholder: replaces a misspelt placeholder, also in a folded command', () => {
    fixAndRecheck(`command: python t.py --lr {lrr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}`, 'undefined-placeholder',
      `command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}`);
    fixAndRecheck(`command: >-\n  python t.py --lr {lr}\n  --out {trial_dri}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}`, 'undefined-placeholder',
      `command: >-\n  python t.py --lr {lr}\n  --out {trial_dir}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}`);
  });

  describe('unused-parameter: adds the placeholder inside the command', () => {
    const space = 'space:\n  lr: {uniform: [0, 1]}\n  bs: {choice: [16, 32]}\n';
    const cases: [string, string, string][] = [
      ['plain', 'command: python t.py --lr {lr}\n', 'command: python t.py --lr {lr} --bs {bs}\n'],
      ['plain with a comment', 'command: python t.py --lr {lr}  # the trainer\n', 'command: python t.py --lr {lr} --bs {bs}  # the trainer\n'],
      ['double-quoted', 'command: "python t.py --lr {lr}"\n', 'command: "python t.py --lr {lr} --bs {bs}"\n'],
      ['double-quoted with escapes', 'command: "python t.py --name \\"x\\" --lr {lr}"\n', 'command: "python t.py --name \\"x\\" --lr {lr} --bs {bs}"\n'],
      ['single-quoted', "command: 'python t.py --lr {lr}'\n", "command: 'python t.py --lr {lr} --bs {bs}'\n"],
      ['single-quoted with a quote inside', "command: 'python t.py --tag ''a'' --lr {lr}'\n", "command: 'python t.py --tag ''a'' --lr {lr} --bs {bs}'\n"],
      ['folded', 'command: >-\n  python t.py\n  --lr {lr}\n', 'command: >-\n  python t.py\n  --lr {lr} --bs {bs}\n'],
      ['folded, then a blank line and a comment', 'command: >-\n  python t.py\n  --lr {lr}\n\n# next\n', 'command: >-\n  python t.py\n  --lr {lr} --bs {bs}\n\n# next\n'],
    ];
    for (const [name, command, fixed] of cases) {
      it(name, () => {
        fixAndRecheck(`${command}${space}${OBJECTIVES}`, 'unused-parameter', `${fixed}${space}${OBJECTIVES}`);
      });
    }
    it('CRLF, and a command that is the last line without a line break', () => {
      fixAndRecheck(`${space}${OBJECTIVES}command: python t.py --lr {lr}`.replace(/\n/g, '\r\n'), 'unused-parameter',
        `${space}${OBJECTIVES}command: python t.py --lr {lr} --bs {bs}`.replace(/\n/g, '\r\n'));
    });
    it('fixes each unused parameter in turn', () => {
      let text = `command: python t.py\n${space}${OBJECTIVES}`;
      text = fixAndRecheck(text, 'unused-parameter');
      text = fixAndRecheck(text, 'unused-parameter');
      assert.deepEqual(checkStudy(text).diagnostics.map((d) => d.code), []);
    });
  });

  it('bad-mode: writes the mode the user meant', () => {
    fixAndRecheck(`command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\nobjectives:\n  acc: {mode: maximise}\n`, 'bad-mode',
      `command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\nobjectives:\n  acc: {mode: max}\n`);
    fixAndRecheck(`command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\nobjectives:\n  acc: maximize\n`, 'bad-mode',
      `command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\nobjectives:\n  acc: {mode: max}\n`);
  });

  it('missing-key: appends each missing section, also to an empty file', () => {
    let text = 'name: x';
    for (let i = 0; i < 3; i++) text = fixAndRecheck(text, 'missing-key');
    assert.deepEqual(checkStudy(text).diagnostics.filter((d) => d.severity === 'error'), []);
    fixAndRecheck('', 'missing-key', 'space:\n  lr: {loguniform: [1.0e-4, 1.0e-2]}\n');
    fixAndRecheck('# just a comment\r\n', 'missing-key', '# just a comment\r\nspace:\n  lr: {loguniform: [1.0e-4, 1.0e-2]}\n');
  });

  it('bad-distribution: turns a bare list into a choice', () => {
    fixAndRecheck(`command: python t.py --o {o}\nspace:\n  o: [adam, sgd]\n${OBJECTIVES}`, 'bad-distribution',
      `command: python t.py --o {o}\nspace:\n  o: {choice: [adam, sgd]}\n${OBJECTIVES}`);
    fixAndRecheck(`command: python t.py --o {o}\nspace:\n  o:\n    - adam\n    - "sgd w"   # two\n${OBJECTIVES}`, 'bad-distribution',
      `command: python t.py --o {o}\nspace:\n  o:\n    {choice: [adam, "sgd w"]}   # two\n${OBJECTIVES}`);
  });

  it('bad-distribution: offers no choice for an empty or structured bare list', () => {
    for (const list of ['[]', '[{a: 1}, b]']) {
      const d = checkStudy(`command: python t.py --o {o}\nspace:\n  o: ${list}\n${OBJECTIVES}`).diagnostics.find((x) => x.code === 'bad-distribution');
      assert.ok(d);
      assert.equal(d.fixes, undefined);
    }
  });

  it('wrong-type: replaces a misspelt value by the nearest allowed one', () => {
    fixAndRecheck(`command: python t.py --lr {lr}\nsearcher: gird\nspace:\n  lr: {uniform: [0, 1], step: 0.1}\n${OBJECTIVES}`, 'wrong-type');
  });

  it('unknown-host: offers the nearest ~/.ssh/config alias, for hosts and the Slurm and cluster login nodes', () => {
    const env: StudyEnvironment = { sshHosts: ['gpu1', 'hpc-login', 'gpu*.lab'] };
    fixAndRecheck(`command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}hosts: [gpu1, gpu2.lab, {host: gpux}]\n`, 'unknown-host',
      `command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}hosts: [gpu1, gpu2.lab, {host: gpu1}]\n`, env);
    fixAndRecheck(`command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}slurm: {login: hpc-logn}\n`, 'unknown-host',
      `command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}slurm: {login: hpc-login}\n`, env);
    const cluster = 'cluster: {submit: "qsub {script}", status: "qstat -j {job}", running: "r", cancel: "qdel {job}", login: %s}\n';
    fixAndRecheck(`command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}${cluster.replace('%s', 'hpc-lgin')}`, 'unknown-host',
      `command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0, 1]}\n${OBJECTIVES}${cluster.replace('%s', 'hpc-login')}`, env);
  });

  it('bad-condition: replaces a misspelt parameter in a condition', () => {
    fixAndRecheck(`command: python t.py --o {o} --m {m}\nspace:\n  o: {choice: [a, b]}\n  m: {uniform: [0, 1], when: "oo == 'a'"}\n${OBJECTIVES}`, 'bad-condition');
  });
});
