import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../../src/core/random';
import { logExpectedImprovement } from '../../../../src/core/search/bo/acquisition';
import { fitGp } from '../../../../src/core/search/bo/gp';
import { maximiseAcquisition } from '../../../../src/core/search/bo/optimise';
import { spaceEncoder } from '../../../../src/core/space/encode';
import { sampleConfig } from '../../../../src/core/space/sample';
import { spaceOf } from '../../space/space-fixture';

const mixed = spaceOf(`
  lr: {loguniform: [1e-5, 1e-1]}
  dropout: {uniform: [0, 0.5]}
  layers: {int: [1, 8]}
  optimizer: {choice: [adam, sgd, lion]}`, 'bo');

describe('acquisition search', () => {
  it('returns with the variance bound exactly what scoring every candidate returns', () => {
    const encoder = spaceEncoder(mixed);
    const categorical = encoder.dimensions.map((d) => d.categorical);
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = Random.fromSeed(seed);
      const configs = Array.from({ length: 30 }, () => sampleConfig(mixed, rng));
      const points = configs.map((c) => encoder.encode(c));
      const y = points.map((p) => ((p.u[0] as number) - 0.3) ** 2 + (p.u[1] as number) + (p.u[3] as number) * 0.5);
      const gp = fitGp(points, y, categorical, rng.fork('fit'));
      const best = Math.min(...y);
      const score = (x: Parameters<typeof gp.predict>[0]) => {
        const p = gp.predict(x);
        return logExpectedImprovement(p.mean, Math.sqrt(p.variance), best);
      };
      const base = { encoder, score, tried: new Set<string>(), incumbents: points.slice(0, 2), resolve: (c: (typeof configs)[0]) => c };
      const pruned = maximiseAcquisition({
        ...base, rng: Random.fromSeed(seed).fork('acq'),
        upper: (x) => {
          const p = gp.bound(x);
          return logExpectedImprovement(p.mean, Math.sqrt(p.variance), best);
        },
      });
      const exhaustive = maximiseAcquisition({ ...base, rng: Random.fromSeed(seed).fork('acq'), upper: () => Infinity });
      assert.deepEqual(pruned, exhaustive, `seed ${seed}`);
    }
  });
});
