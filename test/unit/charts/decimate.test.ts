import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { capPoints, lttb } from '../../../src/core/report/charts/decimate';
import type { XY } from '../../../src/core/report/charts/model';

describe('lttb', () => {
  const wave: XY[] = Array.from({ length: 1000 }, (_, i) => [i, Math.sin(i / 20) + (i === 500 ? 10 : 0)]);

  it('returns the threshold number of points, keeping both ends and the spike', () => {
    const out = lttb(wave, 50);
    assert.equal(out.length, 50);
    assert.deepEqual(out[0], wave[0]);
    assert.deepEqual(out[49], wave[999]);
    assert.ok(out.some(([x]) => x === 500), 'the largest spike must survive');
    for (let i = 1; i < out.length; i++) assert.ok((out[i] as XY)[0] > (out[i - 1] as XY)[0]);
  });

  it('leaves short series alone', () => {
    assert.deepEqual(lttb(wave.slice(0, 5), 10), wave.slice(0, 5));
    assert.deepEqual(lttb(wave, 2), [wave[0], wave[999]]);
  });
});

describe('capPoints', () => {
  const items = Array.from({ length: 1000 }, (_, i) => i);
  const keep = (i: number) => i % 97 === 0;

  it('keeps every marked item and fills the cap with an even spread of the others', () => {
    const out = capPoints(items, 100, keep);
    assert.equal(out.length, 100);
    assert.deepEqual(out.filter(keep), items.filter(keep));
    assert.deepEqual([...out].sort((a, b) => a - b), out, 'order is kept');
    assert.ok((out[out.length - 1] as number) > 900, 'the spread reaches the end');
  });

  it('keeps all marked items even past the cap', () => {
    assert.deepEqual(capPoints(items, 5, keep), items.filter(keep));
    assert.deepEqual(capPoints(items.slice(0, 10), 50, keep), items.slice(0, 10));
  });
});
