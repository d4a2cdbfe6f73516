import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { erfc, logExpectedImprovement, logH, normalCdf } from '../../../../src/core/search/bo/acquisition';

const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('log expected improvement', () => {
  it('equals the closed form (best - μ) Φ(z) + σ φ(z) for moderate z', () => {
    // z = 1: Φ(1) = 0.8413447460685429, φ(1) = 0.24197072451914337.
    close(logExpectedImprovement(0, 2, 2), Math.log(2 * 0.8413447460685429 + 2 * 0.24197072451914337), 1e-13);
    // h(z) = φ(z) + z Φ(z), reference values from an independent erfc.
    close(logH(1), Math.log(1.0833154705876864), 1e-13);
    close(logH(-2), Math.log(0.008490702616829625), 1e-12);
    close(logH(-5), Math.log(5.3461655338324783e-8), 1e-10);
    close(logExpectedImprovement(3, 0.5, 2), Math.log(0.5) + logH(-2), 1e-15);
  });

  it('stays finite and ordered deep in the tail (z = -40)', () => {
    const deep = logH(-40);
    assert.ok(Number.isFinite(deep));
    // h(z) = φ(z) (1/z² - 3/z⁴ + 15/z⁶ - ...) there; the fifth term is 1.4e-10 of the first.
    close(deep, -800 - 0.5 * Math.log(2 * Math.PI) + Math.log(1 / 1600 - 3 / 1600 ** 2 + 15 / 1600 ** 3 - 105 / 1600 ** 4), 1e-9);
    assert.ok(logH(-41) < deep && deep < logH(-39));
    assert.ok(Number.isFinite(logExpectedImprovement(100, 1e-3, 0)));
  });

  it('is continuous where its formulation changes (z = -1 and z = -8)', () => {
    for (const z of [-1, -8]) close(logH(z - 1e-9), logH(z + 1e-9), 1e-7);
  });

  it('tends to the plain improvement as σ goes to 0', () => {
    close(logExpectedImprovement(1, 1e-12, 3), Math.log(2), 1e-9);
    close(logExpectedImprovement(1, 0, 3), Math.log(2), 0);
    assert.equal(logExpectedImprovement(3, 0, 1), -Infinity);
    assert.ok(logExpectedImprovement(3, 1e-9, 1) < -1e15);
  });

  it('rests on an accurate erfc and normal cdf', () => {
    close(erfc(0.5), 0.4795001221869535, 1e-15);
    close(erfc(3), 2.2090496998585438e-5, 1e-19);
    close(erfc(-1.5), 1.9661051464753108, 1e-15);
    close(normalCdf(0), 0.5, 1e-16);
  });
});
