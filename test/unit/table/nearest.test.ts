import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RowIndex, rankOf, seededPicker, type Picker } from '../../../src/core/table/nearest';
import { parseTable } from '../../../src/core/table/table';
import { curveTable, scalarTable } from './fixtures';

/** A tie-breaker that must not be asked: there is no tie. */
const noTie: Picker = () => assert.fail('no tie expected');

describe('nearest-row replacement', () => {
  const table = scalarTable();
  const index = new RowIndex(table);

  it('maps a row of the table to itself, at distance 0', () => {
    for (const row of table.rows) {
      const got = index.resolve(row.config, noTie);
      assert.equal(got.row.id, row.id);
      assert.equal(got.distance, 0);
      assert.equal(got.tied, 1);
    }
  });

  it('replaces a combination that was never trained by the nearest row in rank-scaled coordinates', () => {
    // (lr 0.001, layers 4) is (1, 1); row 13 (0.0006, 4) is (0.5, 1): distance 0.5; rows 11 and 14 are at 1.
    const got = index.resolve({ lr: 0.001, layers: 4 }, noTie);
    assert.equal(got.row.id, '13');
    assert.equal(got.distance, 0.5);
  });

  it('gives a numeric value between two table values a fractional rank', () => {
    // 0.0009 sits 3/4 of the way from 0.0006 (rank 0.5) to 0.001 (rank 1): rank 0.875, nearest row 14 at 0.125.
    assert.equal(rankOf(table, 'lr', 0.0009), 0.875);
    const got = index.resolve({ lr: 0.0009, layers: 2 }, noTie);
    assert.equal(got.row.id, '14');
    assert.ok(Math.abs(got.distance - 0.125) < 1e-12);
    assert.equal(rankOf(table, 'lr', 0.5), 1, 'above the largest value: clamped');
    assert.equal(rankOf(table, 'lr', 0), 0, 'below the smallest value: clamped');
  });

  it('breaks ties with the seeded picker: the same seed picks the same rows, and every tied row can be picked', () => {
    // 0.0008 has rank 0.75: rows 12 (0.5, 0) and 14 (1, 0) are both 0.25 away.
    const picks = (seed: number): string[] => {
      const pick = seededPicker(seed);
      return Array.from({ length: 8 }, () => index.resolve({ lr: 0.0008, layers: 2 }, pick).row.id);
    };
    assert.deepEqual(picks(7), picks(7));
    const seen = new Set([1, 2, 3, 4, 5].flatMap(picks));
    assert.deepEqual([...seen].sort(), ['12', '14']);
    assert.equal(index.resolve({ lr: 0.0008, layers: 2 }, () => 1).row.id, '14');
    assert.equal(index.resolve({ lr: 0.0008, layers: 2 }, () => 0).tied, 2);
  });

  it('counts only the hyperparameters the config names', () => {
    const got = index.resolve({ layers: 4 }, () => 1);
    assert.equal(got.tied, 2, 'rows 11 and 13 both have layers 4');
    assert.equal(got.row.id, '13');
  });

  it('treats a one-value hyperparameter as rank 0 and a string value by its index', () => {
    const t = curveTable();
    assert.equal(rankOf(t, 'batch', 4096), 0);
    const strings = parseTable({ hyperparameters: { llm: ['a', 'b', 'c'] }, rows: [{ id: 0, config: { llm: 'a' } }, { id: 1, config: { llm: 'c' } }] }, 's');
    assert.equal(rankOf(strings, 'llm', 'b'), 0.5);
    assert.equal(new RowIndex(strings).resolve({ llm: 'b' }, () => 1).tied, 2);
  });

  it('says what to do with a parameter the table lacks or a value it cannot rank', () => {
    assert.throws(() => index.resolve({ lr: 0.0003, dropout: 0.1 }, noTie), /parameter 'dropout' is not a hyperparameter of the table; it has lr, layers/);
    const strings = parseTable({ hyperparameters: { llm: ['a', 'b'] }, rows: [{ id: 0, config: { llm: 'a' } }] }, 's');
    assert.throws(() => new RowIndex(strings).resolve({ llm: 'z' }, noTie), /llm = "z" is not one of the table's values \[a, b\]; use \{choice: \[\.\.\.\]\}/);
    assert.throws(() => index.resolve({ lr: 0.0008, layers: 2 }, () => 2), /must return an index below its argument/);
  });

  it('a seeded picker stays in range', () => {
    const pick = seededPicker(42);
    for (let i = 0; i < 1000; i++) {
      const n = 1 + (i % 7);
      const k = pick(n);
      assert.ok(Number.isInteger(k) && k >= 0 && k < n);
    }
  });
});
