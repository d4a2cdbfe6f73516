import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchResult } from '../../../bench/bench-result';
import { renderTwoObjectiveSection, replaceTwoObjectiveSection, scoreTwoObjectives } from '../../../bench/nmthpo-pareto-report';
import { SCALAR_JSON, scalarTable } from '../table/fixtures';

const row = (id: number): object => {
  const r = SCALAR_JSON.rows.find((x) => x.id === id) as { dev_bleu: number; dev_gpu_time: number };
  return { row: id, resource: 1, cost: 1, complete: true, values: { dev_bleu: r.dev_bleu, dev_gpu_time: r.dev_gpu_time } };
};

// Normalised (f1 = (16 - bleu) / 6, f2 = (time - 50) / 350), the front is rows 13 (0, 5/7) and 12 (1/3, 0):
// HV = 1 x 2/7 + 2/3 x 5/7 = 16/21. Row 12 alone covers 2/3 (ratio 7/8); row 11 (2/3, 3/7) alone 4/21 (ratio 1/4).
const RESULT = {
  study: 'bench/studies/nmthpo-pareto/tiny.bo.rung.yaml',
  table: '../../tables/scalar.json',
  seeds: 3,
  runs: [
    { seed: 0, evaluations: [row(12)] },
    { seed: 1, evaluations: [row(13), row(12)] },
    { seed: 2, evaluations: [row(10), row(11)] },
  ],
};

describe('the two-objective (NMTHPO) report', () => {
  const score = scoreTwoObjectives(parseBenchResult(RESULT, 'r.json'), scalarTable(), { first: { name: 'dev_bleu', mode: 'max' }, second: { name: 'dev_gpu_time', mode: 'min' } }, { pair: 'tiny', searcher: 'bo' });

  it('scores the hypervolume ratio at 50 and 100 evaluations and the Pareto rows found', () => {
    assert.equal(score.front, 2);
    for (const hv of score.hypervolume) {
      // Ratios 7/8, 1 and 1/4 over the three runs.
      assert.ok(Math.abs(hv.median - 0.875) < 1e-9 && Math.abs(hv.p25 - 0.5625) < 1e-9 && Math.abs(hv.p75 - 0.9375) < 1e-9, JSON.stringify(hv));
    }
    assert.deepEqual([score.fbp.median, score.fbp.p25, score.fbp.p75], [1, 0.5, 1.5]);
  });

  it('writes Rung\'s rows beside the peers\' medians, with their attribution', () => {
    const section = renderTwoObjectiveSection([score]);
    assert.match(section, /^## Two objectives \(NMTHPO\)\n/);
    assert.match(section, /\n\| tiny \(2\) \| Rung bo \| 0\.875 \[0\.563, 0\.938\] \| 0\.875 \[0\.563, 0\.938\] \| 1\.0 \[0\.5, 1\.5\] \| 3 \|\n/);
    assert.match(section, /\n\| sw-en \(14\) \| Optuna MOTPE \| 0\.930 \| 0\.960 \| 4 \| 20 \|\n/);
    assert.match(section, /Optuna rows: Optuna 3\.1, measured on the same machine kind/);
  });

  it('puts its section before the multi-fidelity one and keeps the others', () => {
    const doc = '# Benchmarks\n\n## Single objective (NMTHPO)\n\na\n\n## Multi-fidelity (NMTLC)\n\nc\n';
    const updated = replaceTwoObjectiveSection(doc, '## Two objectives (NMTHPO)\n\nb\n');
    assert.equal(updated, '# Benchmarks\n\n## Single objective (NMTHPO)\n\na\n\n## Two objectives (NMTHPO)\n\nb\n\n## Multi-fidelity (NMTLC)\n\nc\n');
    assert.equal(replaceTwoObjectiveSection(updated, '## Two objectives (NMTHPO)\n\nb\n'), updated, 'rewriting is idempotent');
  });
});
