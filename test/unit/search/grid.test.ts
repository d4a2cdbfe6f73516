import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createGridSearcher } from '../../../src/core/search/grid';
import { createSearcher } from '../../../src/core/search/create';
import { configKey } from '../../../src/core/space/config';
import { GridError, gridConfigs } from '../../../src/core/space/grid';
import { RunLog } from '../schedule/run-log';
import { spaceOf } from '../space/space-fixture';

const space = spaceOf(`
  optimizer: {choice: [adam, sgd]}
  momentum: {choice: [0.9, 0.99], when: "optimizer == 'sgd'"}
  layers: {int: [1, 3]}`, 'grid');

describe('grid searcher', () => {
  it('gives the k-th config of the grid to the k-th trial, then undefined', () => {
    const all = [...gridConfigs(space)];
    assert.equal(all.length, 9);
    const searcher = createGridSearcher(space);
    const log = new RunLog();
    for (let k = 0; k < all.length; k++) {
      const config = searcher.suggest(log.state, 0);
      assert.deepEqual(searcher.suggest(log.state, 0), config, 'asking twice gives the same config');
      assert.deepEqual(config, all[k]);
      log.create(`t${k}`, 0, config);
    }
    assert.equal(searcher.suggest(log.state, 0), undefined);
  });

  it('answers from any state, replayed or earlier, as a fresh searcher would', () => {
    const searcher = createGridSearcher(space);
    const log = new RunLog();
    for (let k = 0; k < 5; k++) log.create(`t${k}`, 0, searcher.suggest(log.state, 0));
    const early = new RunLog();
    early.create('t0', 0, { optimizer: 'adam', layers: 1 });
    assert.deepEqual(searcher.suggest(early.state, 0), createGridSearcher(space).suggest(early.state, 0));
    assert.deepEqual(searcher.suggest(log.replayed(), 0), [...gridConfigs(space)][5]);
  });

  it('refuses a continuous parameter, saying what to change', () => {
    assert.throws(() => createGridSearcher(spaceOf('lr: {uniform: [0.1, 0.5]}')), (e: unknown) => e instanceof GridError && /add a step or use choice/.test(e.message));
  });
});

describe('createSearcher', () => {
  it('builds random, grid and bo searchers', () => {
    const log = new RunLog();
    assert.deepEqual(createSearcher('grid', space).suggest(log.state, 0), [...gridConfigs(space)][0]);
    assert.ok(createSearcher('random', space).suggest(log.state, 0));
    const first = createSearcher('bo', space, [{ name: 'loss', mode: 'min' }]).suggest(log.state, 0);
    assert.ok(first && [...gridConfigs(space)].some((c) => configKey(c) === configKey(first)));
  });
});
