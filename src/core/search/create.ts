/** The searcher a study asks for. */
import type { Parameter, SearcherType } from '../space/model';
import { createGridSearcher } from './grid';
import { createRandomSearcher } from './random';
import type { Searcher } from './searcher';

export function createSearcher(type: SearcherType, params: readonly Parameter[]): Searcher {
  switch (type) {
    case 'random':
      return createRandomSearcher(params);
    case 'grid':
      return createGridSearcher(params);
    case 'bo':
      throw new Error('searcher bo is not available yet: use `searcher: random` or `searcher: grid`');
  }
}
