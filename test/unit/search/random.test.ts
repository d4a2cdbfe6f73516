import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../../src/core/random';
import { createRandomSearcher } from '../../../src/core/search/random';
import { configKey, type Config } from '../../../src/core/space/config';
import { gridConfigs, gridSize } from '../../../src/core/space/grid';
import type { Parameter } from '../../../src/core/space/model';
import { RunLog } from '../schedule/run-log';
import { randomSpaceText, spaceOf } from '../space/space-fixture';

/** Creates trials with what the searcher suggests until it has nothing more (or `limit`). */
function exhaust(params: Parameter[], seed: number, limit = 10_000, log = new RunLog(seed)): { configs: Config[]; log: RunLog } {
  const searcher = createRandomSearcher(params);
  const configs: Config[] = [];
  for (let i = 0; i < limit; i++) {
    const config = searcher.suggest(log.state, 0);
    if (!config) break;
    configs.push(config);
    log.create(`t${log.state.order.length + 1}`, 0, config);
  }
  return { configs, log };
}

const keys = (configs: readonly Config[]) => configs.map(configKey);

describe('random searcher', () => {
  const finite = spaceOf(`
    optimizer: {choice: [adam, sgd, lion]}
    layers: {int: [1, 4]}
    warmup: 4000`);

  it('is deterministic per seed and differs between seeds', () => {
    const a = exhaust(finite, 3, 6).configs;
    assert.deepEqual(exhaust(finite, 3, 6).configs, a);
    assert.notDeepEqual(exhaust(finite, 4, 6).configs, a);
  });

  it('never repeats in a finite space and returns undefined once every config was tried', () => {
    for (const seed of [1, 2, 3]) {
      const { configs, log } = exhaust(finite, seed);
      assert.equal(configs.length, 12);
      assert.equal(new Set(keys(configs)).size, 12);
      assert.deepEqual(new Set(keys(configs)), new Set(keys([...gridConfigs(finite)])));
      assert.equal(createRandomSearcher(finite).suggest(log.replayed(), 0), undefined);
    }
  });

  it('exhausts conditional spaces exactly (60 random discrete spaces)', () => {
    const rng = Random.fromSeed(21);
    let checked = 0;
    while (checked < 60) {
      const params = spaceOf(randomSpaceText(rng, true));
      const size = gridSize(params);
      if (size > 300) continue;
      checked++;
      const { configs } = exhaust(params, checked);
      assert.equal(configs.length, size, `space of ${size}`);
      assert.deepEqual(new Set(keys(configs)), new Set(keys([...gridConfigs(params)])));
    }
  });

  it('counts configs of every trial, whatever became of it', () => {
    const log = new RunLog(5);
    const tiny = spaceOf('optimizer: {choice: [adam, sgd]}');
    log.create('a', 0, { optimizer: 'adam' }).launch('a', 1).end('a', 'discarded');
    assert.deepEqual(createRandomSearcher(tiny).suggest(log.state, 0), { optimizer: 'sgd' });
  });

  it('resumes where the uninterrupted run would go: the n-th draw depends only on the seed and n', () => {
    const continuous = spaceOf(`
      lr: {loguniform: [1.0e-5, 1.0e-2]}
      dropout: {uniform: [0.0, 0.3]}`);
    const whole = exhaust(continuous, 8, 40).configs;
    const first = exhaust(continuous, 8, 15);
    const resumed = new RunLog(8);
    for (const e of first.log.replayed().order.map((id) => first.log.trial(id))) resumed.create(e.id, 0, e.config);
    const rest = exhaust(continuous, 8, 25, resumed).configs;
    assert.deepEqual([...first.configs, ...rest], whole);
    assert.equal(new Set(keys(whole)).size, 40);
    for (const c of whole) {
      assert.ok((c.lr as number) >= 1e-5 && (c.lr as number) <= 1e-2);
      assert.ok((c.dropout as number) >= 0 && (c.dropout as number) <= 0.3);
    }
  });
});
