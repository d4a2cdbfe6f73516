/** The searcher a study asks for. */
import type { Objective } from '../schedule/scheduler';
import type { Parameter, SearcherType } from '../space/model';
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
