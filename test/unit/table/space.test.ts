import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tableSpace } from '../../../src/core/table/space';
import { parseTable } from '../../../src/core/table/table';
import { joinCurves } from '../../../src/core/table/join';
import { curveTable, scalarTable } from './fixtures';

describe('tableSpace', () => {
  it('makes every numeric hyperparameter an ordinal over its values and leaves constants out', () => {
    assert.deepEqual(tableSpace(scalarTable()), [
      { name: 'lr', distribution: { kind: 'ordinal', values: [0.0003, 0.0006, 0.001] } },
      { name: 'layers', distribution: { kind: 'ordinal', values: [2, 4] } },
    ]);
    assert.deepEqual(tableSpace(curveTable()).map((p) => p.name), ['size', 'heads'], 'three rows are too few to show that size fixes heads');
  });

  it('leaves out hyperparameters that another, finer one fixes (the model fixes its size)', () => {
    const rows = [];
    const sizes: Record<string, number> = { small: 256, medium: 512, large: 512 };
    let id = 0;
    for (const llm of ['small', 'medium', 'large']) for (const rank of [2, 16]) rows.push({ id: id++, config: { llm, rank, size: sizes[llm] } });
    const t = parseTable({ hyperparameters: { llm: ['large', 'medium', 'small'], rank: [2, 16], size: [256, 512] }, rows }, 't');
    assert.deepEqual(tableSpace(t), [
      { name: 'llm', distribution: { kind: 'choice', values: ['large', 'medium', 'small'] } },
      { name: 'rank', distribution: { kind: 'ordinal', values: [2, 16] } },
    ]);
  });

  it('keeps two hyperparameters with as many values that move together', () => {
    const t = parseTable({ hyperparameters: { a: [1, 2], b: [3, 4] }, rows: [{ id: 0, config: { a: 1, b: 3 } }, { id: 1, config: { a: 2, b: 4 } }] }, 't');
    assert.deepEqual(tableSpace(t).map((p) => p.name), ['a', 'b']);
  });
});

describe('joinCurves', () => {
  const curves = {
    task: 'scratch', pair: 'xx-yy', benchmark: 'LC', source: 'lc.pkl', license: 'MIT',
    hyperparameters: { bpe: [30], heads: [8] },
    rows: [
      { id: 0, config: { bpe: 30 }, heads: 8, perplexity_curve: [5, 4], perplexity_optimal: 4, num_checkpoints: 2, nmthpo_rows: [101, 100] },
      { id: 1, config: { bpe: 30 }, heads: 8, perplexity_curve: [9, 8, 7], perplexity_optimal: 7, num_checkpoints: 3, nmthpo_rows: [100] },
      { id: 2, config: { bpe: 30 }, heads: 8, perplexity_curve: [1], perplexity_optimal: 1, num_checkpoints: 1, nmthpo_rows: [] },
    ],
  };
  const scalars = {
    benchmark: 'HPO', source: 'hyps', hyperparameter_order: ['bpe_symbols'],
    hyperparameters: { bpe_symbols: [10000, 30000, 50000] },
    rows: [
      { id: 100, config: { bpe_symbols: 10000 }, config_scaled: [0], dev_bleu: 20 },
      { id: 101, config: { bpe_symbols: 30000 }, config_scaled: [0.5], dev_bleu: 21 },
      { id: 102, config: { bpe_symbols: 50000 }, config_scaled: [1], dev_bleu: 22 },
    ],
  };

  it('gives each scalar row the first curve that names it, and drops rows on either side without a partner', () => {
    const joined = joinCurves(curves, scalars, 'j') as { rows: Record<string, unknown>[]; hyperparameters: unknown };
    assert.deepEqual(joined.hyperparameters, scalars.hyperparameters);
    assert.deepEqual(joined.rows, [
      { id: 100, config: { bpe_symbols: 10000 }, dev_bleu: 20, perplexity_curve: [5, 4], perplexity_optimal: 4, num_checkpoints: 2, nmtlc_row: 0 },
      { id: 101, config: { bpe_symbols: 30000 }, dev_bleu: 21, perplexity_curve: [5, 4], perplexity_optimal: 4, num_checkpoints: 2, nmtlc_row: 0 },
    ]);
    const table = parseTable(joined, 'j');
    assert.equal(table.kind, 'curve');
    assert.deepEqual(table.rows.map((r) => r.id), ['100', '101']);
  });

  it('refuses curves that do not name their scalar rows, and tables with nothing in common', () => {
    const unlinked = { ...curves, rows: curves.rows.map(({ nmthpo_rows: _, ...r }) => r) };
    assert.throws(() => joinCurves(unlinked, scalars, 'j'), /curve row 0 has no `nmthpo_rows` list/);
    const strangers = { ...curves, rows: [{ ...curves.rows[0], nmthpo_rows: [7] }] };
    assert.throws(() => joinCurves(strangers, scalars, 'j'), /no scalar row has a curve/);
    assert.throws(() => joinCurves({}, scalars, 'j'), /the curve table has no `rows` list/);
  });
});
