import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchResult } from '../../../bench/bench-result';
import { renderSection, replaceSection, scoreMultiFidelity } from '../../../bench/multifidelity-report';
import { curveTable } from '../table/fixtures';

const RESULT = {
  study: 'bench/studies/tiny.fifo.rung.yaml',
  table: '../tables/tiny.json',
  seeds: 2,
  runs: [
    {
      seed: 1,
      evaluations: [
        { row: 0, resource: 4, cost: 4, complete: true, values: { perplexity: 6 } },
        { row: 2, resource: 6, cost: 10, complete: true, values: { perplexity: 3 } },
      ],
    },
    { seed: 2, evaluations: [{ row: 0, resource: 4, cost: 4, complete: true, values: { perplexity: 6 } }] },
  ],
};

describe('the multi-fidelity harness', () => {
  it('reads a `rung bench --json` result, row ids as text', () => {
    const r = parseBenchResult(RESULT, 'r.json');
    assert.equal(r.runs.length, 2);
    assert.deepEqual(r.runs[0]?.evaluations[1], { row: '2', resource: 6, cost: 10, complete: true, values: { perplexity: 3 } });
  });

  it('says what is wrong with a result that is not one', () => {
    assert.throws(() => parseBenchResult([], 'r.json'), /r\.json is not a `rung bench --json` result: the top level must be an object/);
    assert.throws(() => parseBenchResult({ ...RESULT, runs: [] }, 'r.json'), /`runs` must be a non-empty list/);
    const bad = structuredClone(RESULT);
    (bad.runs[1]!.evaluations[0] as Record<string, unknown>)['complete'] = 'yes';
    assert.throws(() => parseBenchResult(bad, 'r.json'), /runs\[1\]\.evaluations\[0\]\.complete must be true or false/);
  });

  it('scores regret of best_final at 5U, 10U and 20U over seeds', () => {
    // U = 4, so 5U = 20 covers both runs whole: regrets 0 (found the optimum 3) and 3 (only 6).
    const score = scoreMultiFidelity(parseBenchResult(RESULT, 'r.json'), curveTable(), { name: 'perplexity', mode: 'min' }, { corpus: 'tiny', method: 'fifo' });
    assert.equal(score.u, 4);
    assert.equal(score.seeds, 2);
    assert.deepEqual(score.regrets.map((s) => [s.median, s.p25, s.p75]), [[1.5, 0.75, 2.25], [1.5, 0.75, 2.25], [1.5, 0.75, 2.25]]);
    const section = renderSection([score]);
    assert.match(section, /^## Multi-fidelity \(NMTLC\)\n/);
    assert.match(section, /\| tiny \(4\.0\) \| fifo \(≈ rs_full\) \| 1\.50 \[0\.75, 2\.25\] \| 1\.50 \[0\.75, 2\.25\] \| 1\.50 \[0\.75, 2\.25\] \| 2 \|/);
    assert.match(section, /### Peers: Optuna 3\.1, measured on the same machine kind/);
    assert.match(section, /\| scratch zh-en, perplexity \(24\.9\) \| 1\.48 \/ 0\.38 \/ 0\.23 \| 0\.73 \/ 0\.53 \/ 0\.38 \| 1\.11 \/ 0\.38 \/ 0\.23 \| 0\.73 \/ 0\.23 \/ 0\.00 \|/);
  });

  it('replaces its own section and keeps the rest of the document', () => {
    const doc = '# Benchmarks\n\nIntro.\n\n## Multi-fidelity (NMTLC)\n\nold numbers\n\n## Overhead\n\nkept\n';
    const updated = replaceSection(doc, '## Multi-fidelity (NMTLC)\n\nnew numbers\n');
    assert.equal(updated, '# Benchmarks\n\nIntro.\n\n## Multi-fidelity (NMTLC)\n\nnew numbers\n\n## Overhead\n\nkept\n');
    assert.equal(replaceSection(updated, '## Multi-fidelity (NMTLC)\n\nnew numbers\n'), updated, 'rewriting is idempotent');
    assert.equal(replaceSection('# Benchmarks\n', '## Multi-fidelity (NMTLC)\n\nx\n'), '# Benchmarks\n\n## Multi-fidelity (NMTLC)\n\nx\n');
    assert.match(renderSection([]), /No Rung results are recorded yet/);
  });
});
