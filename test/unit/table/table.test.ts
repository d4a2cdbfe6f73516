import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseTable, checkObjectives, metricSource, TableError } from '../../../src/core/table/table';
import { loadTable } from '../../../src/backends/table/load';
import { CURVE_JSON, SCALAR_JSON, curveTable, scalarTable } from './fixtures';

const TABLES = path.join(__dirname, '..', '..', '..', '..', 'bench', 'tables');

function problemsOf(json: unknown): string {
  try {
    parseTable(json, 'bad.json');
  } catch (e) {
    assert.ok(e instanceof TableError, 'a malformed table throws a TableError');
    return e.message;
  }
  assert.fail('the table was accepted');
}

describe('parseTable', () => {
  it('types a scalar table: string ids, configs, numeric fields as metrics', () => {
    const t = scalarTable();
    assert.equal(t.kind, 'scalar');
    assert.equal(t.rows.length, 5);
    assert.deepEqual(t.rows[2]?.config, { lr: 0.0006, layers: 2 });
    assert.equal(t.rows[2]?.id, '12');
    assert.deepEqual(t.rows[2]?.metrics, { dev_bleu: 14, dev_gpu_time: 50, pareto: 1 });
    assert.deepEqual(t.curveMetrics, []);
    assert.equal(t.longestCurve, 0);
  });

  it('types a curve table, reading a hyperparameter kept beside the config', () => {
    const t = curveTable();
    assert.equal(t.kind, 'curve');
    assert.deepEqual(t.curveMetrics, ['perplexity']);
    assert.equal(t.longestCurve, 6);
    assert.deepEqual(t.rows[2]?.config, { size: 1024, heads: 16, batch: 4096 });
    assert.deepEqual(t.rows[1]?.curves['perplexity'], [5, 4]);
    assert.equal(t.rows[1]?.metrics['perplexity_optimal'], 4);
  });

  it('orders numeric values numerically whatever order the file lists them in', () => {
    const json = structuredClone(SCALAR_JSON);
    json.hyperparameters.lr = [0.001, 0.0003, 0.0006];
    assert.deepEqual(parseTable(json, 't').hyperparameters.get('lr'), [0.0003, 0.0006, 0.001]);
  });

  it('leaves out rows whose hyperparameter value was not recorded (null)', () => {
    const json = structuredClone(CURVE_JSON) as { rows: Record<string, unknown>[] };
    (json.rows[1] as Record<string, unknown>)['heads'] = null;
    const t = parseTable(json, 't');
    assert.deepEqual(t.rows.map((r) => r.id), ['0', '2']);
    assert.deepEqual(t.omitted, ['1']);
  });

  it('names the row, the field and the allowed values of a value outside the table', () => {
    const json = structuredClone(SCALAR_JSON);
    json.rows[3] = { ...json.rows[3], config: { lr: 0.0006, layers: 3 } } as (typeof json.rows)[number];
    assert.match(problemsOf(json), /rows\[3\]: layers = 3 is not one of the table's values \[2, 4\]/);
  });

  it('reports missing hyperparameters, unknown config keys and duplicate ids together', () => {
    const json = structuredClone(SCALAR_JSON) as { rows: Record<string, unknown>[] };
    json.rows[0] = { id: 10, config: { lr: 0.0003 }, dev_bleu: 1 };
    json.rows[1] = { id: 10, config: { lr: 0.0003, layers: 4, dropout: 0.1 }, dev_bleu: 1 };
    const message = problemsOf(json);
    assert.match(message, /rows\[0\] has no value for hyperparameter layers/);
    assert.match(message, /rows\[1\]\.config\.dropout is not a hyperparameter/);
    assert.match(message, /rows\[1\]: id 10 is used by an earlier row/);
    assert.match(message, /^bad\.json is not a usable recorded table/);
  });

  it('rejects a top level that is not a table, and curves rows do not share', () => {
    assert.match(problemsOf([1, 2]), /top level must be a JSON object/);
    assert.match(problemsOf({ hyperparameters: { a: [1] }, rows: [] }), /`rows` must be a non-empty array/);
    assert.match(problemsOf({ hyperparameters: { a: [] }, rows: [{ id: 0, config: {} }] }), /hyperparameters\.a must be a non-empty list/);
    const json = structuredClone(CURVE_JSON) as { rows: Record<string, unknown>[] };
    delete (json.rows[2] as Record<string, unknown>)['perplexity_curve'];
    assert.match(problemsOf(json), /rows\[2\]: curves \[\] differ from the first row's \[perplexity\]/);
    (json.rows[2] as Record<string, unknown>)['perplexity_curve'] = [1, 'x'];
    assert.match(problemsOf(json), /rows\[2\]\.perplexity_curve must be a non-empty list of finite numbers/);
  });

  it('lists at most five problems and counts the rest', () => {
    const json = structuredClone(SCALAR_JSON) as { rows: Record<string, unknown>[] };
    for (const r of json.rows) r['config'] = { lr: 1, layers: 1 };
    const message = problemsOf(json);
    assert.equal((message.match(/^ {2}- /gm) ?? []).length, 5);
    assert.match(message, /and 5 more/);
  });

  it('finds objectives among curves and row fields, and says which exist when one does not', () => {
    const t = curveTable();
    assert.equal(metricSource(t, 'perplexity'), 'curve');
    assert.equal(metricSource(t, 'num_checkpoints'), 'scalar');
    assert.equal(metricSource(t, 'bleu'), undefined);
    assert.doesNotThrow(() => checkObjectives(t, [{ name: 'perplexity' }], 'curves.json'));
    assert.throws(() => checkObjectives(t, [{ name: 'bleu' }], 'curves.json'), /curves\.json has no metric 'bleu'.*perplexity \(from perplexity_curve\)/);
  });
});

describe('the bundled tables', () => {
  it('all load; the joined scratch corpora have the peers\' U and sizes', () => {
    const u = (file: string): number => {
      const t = loadTable(path.join(TABLES, file));
      return t.rows.reduce((s, r) => s + (r.curves['perplexity']?.length ?? 0), 0) / t.rows.length;
    };
    for (const pair of ['zh-en', 'ru-en', 'en-ja', 'sw-en']) assert.equal(loadTable(path.join(TABLES, `${pair}.json`)).kind, 'scalar');
    assert.equal(u('nmtlc-scratch-zh-en-joined.json').toFixed(1), '24.9');
    assert.equal(u('nmtlc-scratch-ru-en-joined.json').toFixed(1), '27.8');
    assert.equal(Math.round(u('nmtlc-scratch-en-ja-joined.json')), 234);
    assert.equal(u('nmtlc-scratch-sw-en-joined.json').toFixed(1), '20.1');
    assert.equal(u('nmtlc-finetune-zh-en.json').toFixed(1), '15.3');
    assert.equal(loadTable(path.join(TABLES, 'nmtlc-scratch-zh-en-joined.json')).rows.length, 118);
  });

  it('reading a missing or broken file says which file and what is wrong', () => {
    assert.throws(() => loadTable(path.join(TABLES, 'no-such-table.json')), /no-such-table\.json does not exist/);
    assert.throws(() => loadTable(path.join(TABLES, 'README.md')), /README\.md is not valid JSON/);
  });
});
