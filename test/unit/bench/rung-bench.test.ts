import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import type { Io } from '../../../src/cli/io';
import { loadStudy } from '../../../src/cli/engine/load-study';
import { replayStudy } from '../../../src/cli/engine/replay';
import { parseBenchResult, type BenchResult } from '../../../bench/bench-result';
import { CURVE_JSON } from '../table/fixtures';
import { recordingLogger, removeDir, tempDir } from '../support/temp';

const dir = tempDir('rung-bench-');
after(() => removeDir(dir));
fs.writeFileSync(path.join(dir, 'curves.json'), JSON.stringify(CURVE_JSON));

/** A study over the fixture's curves (row 0: [9, 7, 8, 6], row 1: [5, 4], row 2: [20, 10, 12, 3, 5, 4]). */
function study(name: string, lines: readonly string[]): string {
  const file = path.join(dir, `${name}.rung.yaml`);
  fs.writeFileSync(file, [
    'version: 1',
    `name: ${name}`,
    'table: curves.json',
    'space:',
    '  size: {ordinal: [256, 512, 1024]}',
    'objectives:',
    '  perplexity: {mode: min}',
    'parallel: 1',
    ...lines,
  ].join('\n') + '\n');
  return file;
}

const fifoGrid = study('fifo-grid', ['searcher: grid', 'scheduler: {type: fifo, resource: checkpoints, max: 6}']);
const fifoRandom = study('fifo-random', ['searcher: random', 'scheduler: {type: fifo, resource: checkpoints, max: 6}', 'budget: {trials: 3}']);
const ashaGrid = study('asha-grid', ['searcher: grid', 'scheduler: {type: asha, resource: checkpoints, min: 1, max: 6, reduction: 2, mode: promotion}']);

function io(): Io & { out: (l: string) => void; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

async function bench(file: string, ...flags: string[]): Promise<BenchResult> {
  const json = path.join(dir, `${path.basename(file)}.${flags.join('_')}.json`);
  const out = io();
  assert.equal(await main(['bench', file, ...flags, '--json', json], out), 0, out.errors.join('\n'));
  return parseBenchResult(JSON.parse(fs.readFileSync(json, 'utf8')), json);
}

describe('rung bench', () => {
  it('writes one run per seed with each ended launch: row, resource, cumulative cost, complete, values', async () => {
    const result = await bench(fifoGrid, '--seeds', '2');
    assert.equal(result.study, fifoGrid);
    assert.equal(result.table, 'curves.json');
    assert.equal(result.seeds, 2);
    assert.deepEqual(result.runs.map((r) => r.seed), [0, 1]);
    // The grid walks size 256, 512, 1024 = rows 0, 1, 2; FIFO trains each to its curve's end (converged).
    for (const run of result.runs) {
      assert.deepEqual(run.evaluations, [
        { row: '0', resource: 4, cost: 4, complete: true, values: { perplexity: 6 } },
        { row: '1', resource: 2, cost: 6, complete: true, values: { perplexity: 4 } },
        { row: '2', resource: 6, cost: 12, complete: true, values: { perplexity: 3 } },
      ]);
    }
  });

  it('is deterministic: the same seed gives the same evaluations, another seed other proposals', async () => {
    const a = await bench(fifoRandom, '--seeds', '2');
    const b = await bench(fifoRandom, '--seeds', '2');
    assert.deepEqual(a.runs, b.runs);
    const rows = (i: number): string => (a.runs[i]?.evaluations ?? []).map((e) => e.row).join(',');
    // Random search never proposes a config twice, so three trials cover the three rows in a seeded order.
    assert.deepEqual([rows(0), rows(1)].map((r) => r.split(',').sort().join(',')), ['0,1,2', '0,1,2']);
    assert.notEqual(rows(0), rows(1), 'seeds 0 and 1 proposed the rows in the same order');
  });

  it('charges a resumed trial only its new checkpoints', async () => {
    const [run] = (await bench(ashaGrid, '--seeds', '1')).runs;
    assert.ok(run);
    const reached = new Map<string, number>();
    let spent = 0;
    for (const e of run.evaluations) {
      // Rows are distinct here (the grid proposes each once), so a row stands for its trial.
      assert.equal(e.cost - spent, e.resource - (reached.get(e.row) ?? 0), `row ${e.row} paid for checkpoints it had trained already`);
      spent = e.cost;
      reached.set(e.row, e.resource);
    }
    assert.ok(run.evaluations.length > reached.size, 'some trial was paused and resumed');
    assert.equal(spent, [...reached.values()].reduce((s, r) => s + r, 0));
  });

  it('stops at the evaluation budget and at the cost budget', async () => {
    const byCount = await bench(fifoGrid, '--seeds', '1', '--max-evaluations', '2');
    assert.deepEqual(byCount.runs[0]?.evaluations.map((e) => e.row), ['0', '1']);
    // Row 0 costs 4; row 1 is stopped after its first checkpoint, at cost 5, incomplete.
    const byCost = await bench(fifoGrid, '--seeds', '1', '--max-cost', '5');
    assert.deepEqual(byCost.runs[0]?.evaluations, [
      { row: '0', resource: 4, cost: 4, complete: true, values: { perplexity: 6 } },
      { row: '1', resource: 1, cost: 5, complete: false, values: { perplexity: 5 } },
    ]);
  });

  it('prints the protocol\'s scores without --json', async () => {
    const out = io();
    assert.equal(await main(['bench', fifoGrid, '--seeds', '2'], out), 0);
    const text = out.lines.join('\n');
    assert.match(text, /U = 4\.0 checkpoints; corpus best 3/);
    // 5U = 20 covers all three rows: the optimum 3 is found, regret 0.
    assert.match(text, /regret of best final at 5U: 0\.00 \[0\.00, 0\.00\]/);
  });

  it('says what to do with a study that is not a table, or without --seeds', async () => {
    const plain = path.join(dir, 'plain.rung.yaml');
    fs.writeFileSync(plain, 'version: 1\nname: plain\ncommand: python train.py --lr {lr}\nspace:\n  lr: {uniform: [0.1, 1]}\nobjectives:\n  loss: {mode: min}\n');
    const a = io();
    assert.equal(await main(['bench', plain, '--seeds', '1'], a), 2);
    assert.match(a.errors.join('\n'), /has no `table:`; rung bench replays recorded tables only/);
    const b = io();
    assert.equal(await main(['bench', fifoGrid], b), 2);
    assert.match(b.errors.join('\n'), /needs --seeds N/);
    const c = io();
    assert.equal(await main(['bench', fifoGrid, '--seeds', '1', '--max-cost', '0'], c), 2);
    assert.match(c.errors.join('\n'), /--max-cost takes a number > 0/);
  });
});

describe('random search on the table backend', () => {
  it('never proposes again a config the table replaced by a row, so a space with a missing row is exhausted', async () => {
    // Size 384 is no row: it is replaced by row 0 or 1. Four configs; three trials when 384 comes before the row it gets.
    const file = study('random-off-table', ['searcher: random', 'scheduler: {type: fifo, resource: checkpoints, max: 6}']);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('[256, 512, 1024]', '[256, 384, 512, 1024]'));
    const { study: loaded } = loadStudy(file);
    const replay = await replayStudy(loaded, file, 0, { maxEvaluations: 20 }, recordingLogger());
    assert.equal(replay.ended, 'search space exhausted');
    assert.deepEqual([...new Set(replay.evaluations.map((e) => e.row))].sort(), ['0', '1', '2']);
    assert.ok(replay.evaluations.length <= 4, `${replay.evaluations.length} trials over 4 configs`);
  });
});

describe('ASHA on the table backend', () => {
  it('reproduces successive halving when curves never cross: 27 / 9 / 3 / 1 trials per rung, each checkpoint paid once', async () => {
    // 27 rows, each a monotone curve of 27 checkpoints; row k is worse than row k-1 at every checkpoint,
    // and the grid proposes them best first, so asynchronous promotions pick exactly SHA's survivors.
    const rows = Array.from({ length: 27 }, (_, k) => ({
      id: k, config: { k }, perplexity_curve: Array.from({ length: 27 }, (_, c) => 10 + k + 100 / (c + 1)), num_checkpoints: 27,
    }));
    fs.writeFileSync(path.join(dir, 'monotone.json'), JSON.stringify({ hyperparameters: { k: rows.map((r) => r.id) }, rows }));
    const file = path.join(dir, 'sha.rung.yaml');
    fs.writeFileSync(file, [
      'version: 1', 'name: sha', 'table: monotone.json', 'space:', `  k: {ordinal: [${rows.map((r) => r.id).join(', ')}]}`,
      'objectives:', '  perplexity: {mode: min}', 'searcher: grid', 'parallel: 1',
      'scheduler: {type: asha, resource: checkpoints, min: 1, max: 27, reduction: 3, mode: promotion}',
    ].join('\n') + '\n');
    const { study: loaded } = loadStudy(file);
    const { evaluations } = await replayStudy(loaded, file, 0, {}, recordingLogger());
    const reached = new Map<string, number>();
    for (const e of evaluations) reached.set(e.row, Math.max(reached.get(e.row) ?? 0, e.resource));
    assert.deepEqual([1, 3, 9, 27].map((level) => [...reached.values()].filter((r) => r >= level).length), [27, 9, 3, 1]);
    assert.deepEqual([3, 9, 27].map((level) => [...reached].filter(([, r]) => r >= level).map(([row]) => row).sort((x, y) => Number(x) - Number(y))), [
      ['0', '1', '2', '3', '4', '5', '6', '7', '8'], ['0', '1', '2'], ['0'],
    ]);
    // SHA's cost: 27 x 1 + 9 x (3 - 1) + 3 x (9 - 3) + 1 x (27 - 9) checkpoints.
    assert.equal(evaluations[evaluations.length - 1]?.cost, 81);
    assert.deepEqual(evaluations.filter((e) => e.complete).map((e) => e.row), ['0']);
  });
});
