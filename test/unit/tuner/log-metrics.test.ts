import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogMetricParser } from '../../../src/core/tuner/log-metrics';

test("a rung: line with Python's bare NaN and Infinity keeps its values", () => {
  const parser = new LogMetricParser([], 0);
  const [m] = parser.feed('rung: {"resource": 2, "score": NaN, "loss": -Infinity, "acc": 0.5}\n');
  assert.equal(m?.resource, 2);
  assert.ok(Number.isNaN(m?.values['score']));
  assert.equal(m?.values['loss'], -Infinity);
  assert.equal(m?.values['acc'], 0.5);
  assert.deepEqual(parser.warnings, []);
});

test('a line that is not JSON is reported, and only known words stand for non-finite numbers', () => {
  const parser = new LogMetricParser([], 0);
  assert.deepEqual(parser.feed('rung: {"note": "fine", "score": 1}\nrung: {not json}\n').map((m) => m.values), [{ score: 1 }]);
  assert.equal(parser.warnings.length, 1);
  assert.deepEqual(parser.feed('rung: {"constructor": "toString", "score": 2}\n').map((m) => m.values), [{ score: 2 }]);
});
