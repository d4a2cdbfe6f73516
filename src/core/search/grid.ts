/**
 * Grid search: the k-th configuration of the grid (in gridConfigs' fixed
 * order) for the k-th trial of the run, nothing once the grid is done.
 */
import type { RunState } from '../journal/state';
import type { Config } from '../space/config';
import { assertGridEnumerable, gridConfigs } from '../space/grid';
import type { Parameter } from '../space/model';
import type { Searcher } from './searcher';

export function createGridSearcher(params: readonly Parameter[]): Searcher {
  const size = assertGridEnumerable(params);
  // The walk is a pure function of the space, so keeping our place in it is
  // only a shortcut: the k-th config is the same however we got here.
  let walk = gridConfigs(params);
  /** Index of the config walk.next() yields next. */
  let position = 0;
  let last: Config | undefined;
  return {
    suggest(state: RunState): Config | undefined {
      const k = state.order.length;
      if (k >= size) return undefined;
      if (k === position - 1) return last && { ...last };
      if (k < position) {
        walk = gridConfigs(params);
        position = 0;
      }
      for (; position < k; position++) if (walk.next().done) return undefined;
      const next = walk.next();
      position++;
      last = next.done ? undefined : next.value;
      return last && { ...last };
    },
  };
}
