/** The searcher a study asks for. */
import type { Backend } from '../ports';
import type { Objective } from '../schedule/scheduler';
import type { Parameter, SearcherType, Study } from '../space/model';
import { createBoSearcher, type BoOptions } from './bo/bo-searcher';
import { createGridSearcher } from './grid';
import { createRandomSearcher } from './random';
import type { Searcher } from './searcher';

/** `objectives` and `bo` matter only to model-based searchers (`bo`): what to model and how many initial points. */
export function createSearcher(type: SearcherType, params: readonly Parameter[], objectives: readonly Objective[] = [], bo: BoOptions = {}): Searcher {
  switch (type) {
    case 'random':
      return createRandomSearcher(params);
    case 'grid':
      return createGridSearcher(params);
    case 'bo':
      return createBoSearcher(params, objectives, bo);
  }
}

/** A study's options for `bo`: its initial design, its scheduler's kind, and what its backend runs a proposal as. */
export function boOptionsFor(study: Study, backend: Pick<Backend, 'resolveConfig'>): BoOptions {
  const resolveConfig = backend.resolveConfig?.bind(backend);
  return {
    ...(study.searcherInitial !== undefined ? { initial: study.searcherInitial } : {}),
    ...(resolveConfig ? { resolve: (config) => resolveConfig(config).config } : {}),
    multiFidelity: study.scheduler.type !== 'fifo',
  };
}
