import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/core/random';
import { activeParameters } from '../../../src/core/space/active';
import type { Parameter, Scalar } from '../../../src/core/space/model';
import { sampleConfig } from '../../../src/core/space/sample';
import { spaceEncoder } from '../../../src/core/space/encode';
import { checkStudy } from '../../../src/core/space/validate';
import { randomSpaceText, spaceOf } from './space-fixture';

const draw = (params: Parameter[], seed: number, n: number): Record<string, Scalar>[] => {
  const rng = Random.fromSeed(seed);
  return Array.from({ length: n }, () => sampleConfig(params, rng));
};

const column = (configs: Record<string, Scalar>[], name: string): number[] => configs.map((c) => c[name] as number);

function shares(values: number[], edges: number[]): number[] {
  return edges.slice(1).map((hi, i) => values.filter((v) => v >= (edges[i] as number) && v < hi).length / values.length);
}

describe('sampleConfig', () => {
  it('keeps every value inside its bounds, whole for ints and on the lattice when stepped (200 random bounds)', () => {
    const meta = Random.fromSeed(1);
    for (let trial = 0; trial < 200; trial++) {
      const lo = meta.int(-1000, 1000) / 100;
      const width = meta.int(1, 2000) / 100;
      const step = meta.int(1, 100) / 100;
      const ilo = meta.int(1, 50);
      const params = spaceOf(`
        u: {uniform: [${lo}, ${lo + width}]}
        s: {uniform: [${lo}, ${lo + width}], step: ${Math.min(step, width / 2)}}
        l: {loguniform: [${ilo / 1000}, ${ilo}]}
        i: {int: [${-ilo}, ${ilo}]}
        li: {int: [${ilo}, ${ilo * 100}], log: true}
        si: {int: [0, ${ilo * 3}], step: 3}`);
      for (const c of draw(params, trial, 50)) {
        const u = c.u as number;
        assert.ok(u >= lo && u <= lo + width, `u=${u}`);
        const s = c.s as number;
        const k = (s - lo) / Math.min(step, width / 2);
        assert.ok(s >= lo && s <= lo + width && Math.abs(k - Math.round(k)) < 1e-6, `s=${s} off the lattice from ${lo} by ${step}`);
        const l = c.l as number;
        assert.ok(l >= ilo / 1000 && l <= ilo, `l=${l}`);
        assert.ok(Number.isInteger(c.i) && (c.i as number) >= -ilo && (c.i as number) <= ilo);
        assert.ok(Number.isInteger(c.li) && (c.li as number) >= ilo && (c.li as number) <= ilo * 100);
        assert.ok(Number.isInteger(c.si) && (c.si as number) % 3 === 0 && (c.si as number) <= ilo * 3);
      }
    }
  });

  it('spreads a loguniform evenly over decades', () => {
    const values = column(draw(spaceOf('lr: {loguniform: [1.0e-4, 1.0e-1]}'), 2, 10000), 'lr');
    for (const share of shares(values, [1e-4, 1e-3, 1e-2, 1e-1 + 1e-12])) assert.ok(Math.abs(share - 1 / 3) < 0.02, `decade share ${share}`);
  });

  it('spreads a log int over decades and a plain int evenly', () => {
    const configs = draw(spaceOf('bpe: {int: [1, 1000], log: true}\nlayers: {int: [1, 1000]}'), 3, 10000);
    for (const share of shares(column(configs, 'bpe'), [1, 10, 100, 1001])) assert.ok(Math.abs(share - 1 / 3) < 0.05, `log decade share ${share}`);
    const plain = shares(column(configs, 'layers'), [1, 10, 100, 1001]);
    assert.ok(Math.abs((plain[2] as number) - 0.901) < 0.02, `plain int top decade ${plain[2]}`);
  });

  it('reaches both ends of an int, equally often', () => {
    const values = column(draw(spaceOf('n: {int: [1, 3]}'), 4, 3000), 'n');
    for (const v of [1, 2, 3]) {
      const c = values.filter((x) => x === v).length;
      assert.ok(Math.abs(c - 1000) < 120, `${v} drawn ${c} times`);
    }
    const logEnds = column(draw(spaceOf('n: {int: [1, 8], log: true}'), 5, 3000), 'n');
    assert.ok(logEnds.includes(1) && logEnds.includes(8));
  });

  it('quantises a stepped uniform onto exact decimals, hi included, each value equally likely', () => {
    const values = column(draw(spaceOf('d: {uniform: [0.0, 0.3], step: 0.05}'), 6, 7000), 'd');
    const expected = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
    assert.deepEqual([...new Set(values)].sort((a, b) => a - b), expected);
    for (const v of expected) assert.ok(Math.abs(values.filter((x) => x === v).length - 1000) < 120);
    const uneven = new Set(column(draw(spaceOf('d: {uniform: [0, 1], step: 0.3}'), 7, 500), 'd'));
    assert.deepEqual([...uneven].sort((a, b) => a - b), [0, 0.3, 0.6, 0.9]);
    const logStepped = column(draw(spaceOf('w: {loguniform: [0.1, 1.0], step: 0.1}'), 8, 2000), 'w');
    assert.ok(logStepped.every((v) => Number.isInteger(Math.round(v * 10)) && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9 && v >= 0.1 && v <= 1));
    assert.ok(logStepped.filter((v) => v === 0.1).length > logStepped.filter((v) => v === 1).length * 3, 'log steps favour small values');
  });

  it('counts hi in when float error makes hi - lo fall just short of a whole number of steps', () => {
    const { study } = checkStudy('version: 1\ncommand: x {s}\nspace:\n  s: {uniform: [-8.9, -8.72], step: 0.18}\nobjectives: {loss: {mode: min}}\n');
    const values = new Set(column(draw([...(study?.parameters ?? [])], 13, 200), 's'));
    assert.deepEqual([...values].sort((a, b) => a - b), [-8.9, -8.72]);
  });

  it('draws choice and ordinal values uniformly and includes constants', () => {
    const configs = draw(spaceOf('opt: {choice: [adam, sgd, 3, true]}\nbs: {ordinal: [16, 32, 64]}\nwarmup: 4000\nname: base'), 9, 4000);
    for (const v of ['adam', 'sgd', 3, true]) assert.ok(Math.abs(configs.filter((c) => c.opt === v).length - 1000) < 120, `choice ${v}`);
    for (const v of [16, 32, 64]) assert.ok(Math.abs(configs.filter((c) => c.bs === v).length - 4000 / 3) < 120, `ordinal ${v}`);
    assert.ok(configs.every((c) => c.warmup === 4000 && c.name === 'base'));
  });

  it('leaves conditional parameters out exactly when their condition fails, down a chain', () => {
    const params = spaceOf(`
      optimizer: {choice: [adam, sgd]}
      momentum: {uniform: [0.5, 0.99], when: "optimizer == 'sgd'"}
      nesterov: {choice: [true, false], when: "momentum > 0.9"}
      beta2: {uniform: [0.9, 0.999], when: "optimizer != 'sgd'"}`);
    const configs = draw(params, 10, 3000);
    for (const c of configs) {
      assert.equal('momentum' in c, c.optimizer === 'sgd');
      assert.equal('beta2' in c, c.optimizer === 'adam');
      assert.equal('nesterov' in c, c.optimizer === 'sgd' && (c.momentum as number) > 0.9);
    }
    assert.ok(configs.some((c) => 'nesterov' in c) && configs.some((c) => c.optimizer === 'sgd' && !('nesterov' in c)));
  });

  it('honours a condition on a parameter declared after it', () => {
    const params = spaceOf(`
      momentum: {uniform: [0.5, 0.99], when: "optimizer == 'sgd'"}
      optimizer: {choice: [adam, sgd]}`);
    for (const c of draw(params, 11, 500)) assert.equal('momentum' in c, c.optimizer === 'sgd');
    assert.deepEqual(Object.keys(draw(params, 11, 50).find((c) => c.optimizer === 'sgd') ?? {}), ['momentum', 'optimizer']);
  });

  it('gives the same configs for the same seed and equals decoding the same draws', () => {
    const meta = Random.fromSeed(12);
    for (let trial = 0; trial < 100; trial++) {
      const params = spaceOf(randomSpaceText(meta, false));
      assert.deepEqual(draw(params, trial, 20), draw(params, trial, 20));
      const encoder = spaceEncoder(params);
      const rng = Random.fromSeed(trial);
      const copy = Random.fromSeed(trial);
      for (let i = 0; i < 5; i++) {
        const u = encoder.dimensions.map(() => copy.float());
        assert.deepEqual(sampleConfig(params, rng), encoder.decode(u));
      }
    }
    const params = spaceOf('lr: {loguniform: [1.0e-4, 1.0e-1]}');
    assert.notDeepEqual(draw(params, 1, 5), draw(params, 2, 5));
  });
});

describe('activeParameters', () => {
  const params = spaceOf(`
    optimizer: {choice: [adam, sgd]}
    momentum: {uniform: [0.5, 0.99], when: "optimizer == 'sgd'"}
    nesterov: {choice: [true, false], when: "momentum > 0.9"}
    lr: {loguniform: [1.0e-4, 1.0e-1]}`);
  const names = (values: Record<string, Scalar>): string[] => activeParameters(params, values).map((p) => p.name);

  it('follows conditions over the given values', () => {
    assert.deepEqual(names({ optimizer: 'adam' }), ['optimizer', 'lr']);
    assert.deepEqual(names({ optimizer: 'sgd', momentum: 0.5 }), ['optimizer', 'momentum', 'lr']);
    assert.deepEqual(names({ optimizer: 'sgd', momentum: 0.95 }), ['optimizer', 'momentum', 'nesterov', 'lr']);
  });

  it('ignores values of inactive parameters, so deactivation cascades', () => {
    assert.deepEqual(names({ optimizer: 'adam', momentum: 0.95, nesterov: true }), ['optimizer', 'lr']);
    assert.deepEqual(names({}), ['optimizer', 'lr']);
  });
});
