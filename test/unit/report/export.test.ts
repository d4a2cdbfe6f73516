import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandLine, resultRecords, resultsCsv } from '../../../src/core/report/export';
import { recordedState } from './recorded-run';

test('the CSV has a row per trial with its state, resource, objective and config', () => {
  const records = resultRecords(recordedState(), ['score']);
  const lines = resultsCsv(records, ['score'], 'epochs').trimEnd().split('\n');
  assert.equal(lines.length, 10);
  assert.equal(lines[0], 'trial,state,epochs,score,lr');
  assert.match(lines.find((l) => l.startsWith('t0005,')) ?? '', /^t0005,completed,9,0\.8771,0\.1229/);
});

test('CSV cells with commas or quotes are quoted', () => {
  const csv = resultsCsv([{ trial: 't1', state: 'failed', reached: 0, values: { v: null }, config: { opt: 'a,"b"' } }], ['v'], 'steps');
  assert.equal(csv, 'trial,state,steps,v,opt\nt1,failed,0,,"a,""b"""\n');
});

test('the command line fills the config and the full budget, and keeps run-only placeholders', () => {
  assert.equal(commandLine('python train.py --lr {lr} --epochs {resource} --out {trial_dir}', { lr: 0.01 }, 81),
    "python train.py --lr 0.01 --epochs 81 --out '{trial_dir}'");
});
