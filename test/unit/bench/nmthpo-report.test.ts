import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchResult } from '../../../bench/bench-result';
import { renderSingleObjectiveSection, replaceSingleObjectiveSection, scoreSingleObjective } from '../../../bench/nmthpo-report';
import { scalarTable } from '../table/fixtures';

const bleu = (row: number, value: number): object => ({ row, resource: 1, cost: 1, complete: true, values: { dev_bleu: value } });

// The table's best dev_bleu is 16 (row 13), out of 5 rows.
const RESULT = {
  study: 'bench/studies/nmthpo/tiny.bo.rung.yaml',
  table: '../../tables/scalar.json',
  seeds: 3,
  runs: [
    { seed: 0, evaluations: [bleu(10, 10), bleu(12, 14), bleu(13, 16)] },
    { seed: 1, evaluations: [bleu(10, 10), bleu(11, 12), bleu(14, 11), bleu(10, 10), bleu(12, 14)] },
    { seed: 2, evaluations: [bleu(11, 12), bleu(13, 16)] },
  ],
};

describe('the single-objective (NMTHPO) report', () => {
  const score = scoreSingleObjective(parseBenchResult(RESULT, 'r.json'), scalarTable(), { name: 'dev_bleu', mode: 'max' }, { pair: 'tiny', searcher: 'bo' });

  it('scores regret at 20 and 50 evaluations and the evaluations to the best row', () => {
    // Regrets 0, 2 and 0; ftb 3, never and 2 within the 5 evaluations of the longest run.
    assert.deepEqual(score.regrets.map((s) => [s.median, s.p25, s.p75]), [[0, 0, 1], [0, 0, 1]]);
    assert.deepEqual([score.ftb.median, score.ftb.p25, score.ftb.p75], [3, 2.5, Number.POSITIVE_INFINITY]);
    assert.equal(score.reached, 2);
    assert.equal(score.horizon, 5);
    assert.equal(score.rows, 5);
    assert.equal(score.seeds, 3);
  });

  it('writes Rung\'s rows beside the peers\' numbers, with their attribution', () => {
    const section = renderSingleObjectiveSection([score]);
    assert.match(section, /^## Single objective \(NMTHPO\)\n/);
    assert.match(section, /\n\| tiny \(5\) \| Rung bo \| 0\.00 \[0\.00, 1\.00\] \| 0\.00 \[0\.00, 1\.00\] \| 3 \[2\.5, >5\] \(2\) \| 3 \|\n/);
    assert.match(section, /\n\| zh-en \| Optuna random \| 0\.35 \[0\.00, 0\.54\] \| 0\.00 \[0\.00, 0\.30\] \| 46 \[14, >118\] \(15\) \| 20 \|\n/);
    assert.match(section, /\n\| sw-en \| Optuna TPE multivariate \| 1\.33 \[0\.18, 2\.44\] \| 0\.09 \[0\.00, 1\.78\] \| 52\.5 \[32, 69\] \(19\) \| 20 \|\n/);
    assert.match(section, /Optuna rows: Optuna 3\.1, measured on the same machine kind/);
    assert.ok(section.indexOf('| sw-en | Optuna') < section.indexOf('| tiny (5)'), 'tables the peers do not have come last');
    assert.match(renderSingleObjectiveSection([]), /No Rung results are recorded yet/);
  });

  it('puts its section before the multi-fidelity one, then replaces only its own', () => {
    const doc = '# Benchmarks\n\n## Language\n\nkept\n\n## Multi-fidelity (NMTLC)\n\nalso kept\n';
    const first = replaceSingleObjectiveSection(doc, '## Single objective (NMTHPO)\n\nold\n');
    assert.equal(first, '# Benchmarks\n\n## Language\n\nkept\n\n## Single objective (NMTHPO)\n\nold\n\n## Multi-fidelity (NMTLC)\n\nalso kept\n');
    const second = replaceSingleObjectiveSection(first, '## Single objective (NMTHPO)\n\nnew\n');
    assert.equal(second, '# Benchmarks\n\n## Language\n\nkept\n\n## Single objective (NMTHPO)\n\nnew\n\n## Multi-fidelity (NMTLC)\n\nalso kept\n');
    assert.equal(replaceSingleObjectiveSection(second, '## Single objective (NMTHPO)\n\nnew\n'), second, 'rewriting is idempotent');
    assert.equal(replaceSingleObjectiveSection('# Benchmarks\n', '## Single objective (NMTHPO)\n\nx\n'), '# Benchmarks\n\n## Single objective (NMTHPO)\n\nx\n');
  });
});
