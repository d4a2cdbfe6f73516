import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../../src/core/random';
import { conditionGp, fitGp } from '../../../../src/core/search/bo/gp';
import { covariance, matern52 } from '../../../../src/core/search/bo/kernel';
import type { EncodedConfig } from '../../../../src/core/space/encode';

const at = (...u: number[]): EncodedConfig => ({ u, active: u.map(() => true) });
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('kernel', () => {
  it('is Matérn-5/2 of the lengthscale-scaled distance', () => {
    const s = Math.sqrt(5) * 2;
    close(matern52(2), (1 + s + (s * s) / 3) * Math.exp(-s), 1e-15);
    close(covariance(at(0.1, 0.2), at(0.4, 0.6), { lengthscales: [0.3, 0.4], signal: 2, noise: 0 }, [false, false]), 2 * matern52(Math.SQRT2), 1e-15);
  });

  it('compares a categorical dimension only by same value or not', () => {
    const p = { lengthscales: [0.5], signal: 1, noise: 0 };
    close(covariance(at(0.125), at(0.875), p, [true]), covariance(at(0.125), at(0.375), p, [true]), 0);
    close(covariance(at(0.125), at(0.375), p, [true]), matern52(2), 1e-15);
    close(covariance(at(0.125), at(0.125), p, [true]), 1, 0);
  });

  it('ignores a dimension inactive in either point', () => {
    const p = { lengthscales: [0.5, 0.5], signal: 1, noise: 0 };
    const inactive: EncodedConfig = { u: [0.1, 0.5], active: [true, false] };
    close(covariance(inactive, at(0.1, 0.9), p, [false, false]), 1, 0);
  });
});

describe('GP posterior', () => {
  // Reference values computed by hand (dense solve of the 3×3 system) for
  // lengthscale 0.5, signal variance 1.5, noise 0.01.
  const points = [at(0), at(0.5), at(1)];
  const y = [1, -1, 2];
  const gp = conditionGp(points, y, [false], { lengthscales: [0.5], signal: 1.5, noise: 0.01 });

  it('matches the hand-computed mean and variance between training points', () => {
    const p = gp.predict(at(0.25));
    close(p.mean, -0.29811365478182017);
    close(p.variance, 0.14211330849317627);
  });

  it('matches them at a training point, where noise keeps the variance above zero', () => {
    const p = gp.predict(at(0.5));
    close(p.mean, -0.9699988202452023);
    close(p.variance, 0.009873547119247483);
  });

  it('falls back to the prior far from the data', () => {
    const p = gp.predict(at(30));
    close(p.mean, 0, 1e-12);
    close(p.variance, 1.5, 1e-12);
  });

  it('bounds the variance from above with the same mean, tightly at a training point\'s own location', () => {
    const rng = Random.fromSeed(4);
    const cloud = Array.from({ length: 40 }, () => at(rng.float(), rng.float(), rng.float()));
    const fitted = fitGp(cloud, cloud.map((p) => Math.sin(5 * (p.u[0] as number)) + (p.u[1] as number) ** 2), [false, false, true], rng);
    for (let i = 0; i < 200; i++) {
      const x = at(rng.float(), rng.float(), rng.float());
      const exact = fitted.predict(x);
      const bound = fitted.bound(x);
      close(bound.mean, exact.mean, 1e-12);
      assert.ok(bound.variance >= exact.variance, `bound ${bound.variance} below the variance ${exact.variance}`);
    }
    // One training point: the bound is the exact single-point posterior.
    const single = conditionGp([at(0.2)], [1], [false], { lengthscales: [0.5], signal: 1.5, noise: 0.01 });
    close(single.bound(at(0.3)).variance, single.predict(at(0.3)).variance, 1e-8);
  });
});

describe('fitGp', () => {
  it('fits a smooth function well enough to interpolate it, in the targets own units', () => {
    const f = (u: number) => 100 + 20 * Math.sin(6 * u);
    const xs = [0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.7, 0.85, 1];
    const gp = fitGp(xs.map((u) => at(u)), xs.map(f), [false], Random.fromSeed(1));
    for (const u of [0.05, 0.5, 0.93]) close(gp.predict(at(u)).mean, f(u), 1);
    assert.ok(gp.predict(at(0.5)).variance < gp.predict(at(5)).variance);
  });

  it('survives all-equal targets, one point and duplicated points', () => {
    const rng = Random.fromSeed(2);
    const flat = fitGp([at(0.1), at(0.5), at(0.9)], [3, 3, 3], [false], rng);
    close(flat.predict(at(0.3)).mean, 3, 1e-6);
    const one = fitGp([at(0.4)], [7], [false], rng);
    assert.ok(Number.isFinite(one.predict(at(0.9)).mean) && one.predict(at(0.9)).variance > 0);
    const twice = fitGp([at(0.4), at(0.4), at(0.8)], [1, 1.2, 3], [false], rng);
    const p = twice.predict(at(0.4));
    assert.ok(Number.isFinite(p.mean) && p.variance >= 0 && Math.abs(p.mean - 1.1) < 0.5);
  });
});
