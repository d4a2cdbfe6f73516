/**
 * Test functions for the BO searcher, and a sequential loop that runs a
 * searcher on one through the real reducer: suggest, create, train, report.
 */
import type { Objective } from '../../../../src/core/schedule/scheduler';
import type { Searcher } from '../../../../src/core/search/searcher';
import type { Config } from '../../../../src/core/space/config';
import type { Parameter } from '../../../../src/core/space/model';
import { RunLog } from '../../schedule/run-log';
import { spaceOf } from '../../space/space-fixture';

export interface TestFunction {
  readonly space: Parameter[];
  readonly objective: Objective;
  value(config: Config): number;
}

const num = (c: Config, name: string): number => c[name] as number;

/** Branin on [-5, 10] × [0, 15]; global minimum 0.397887. */
export const branin: TestFunction = {
  space: spaceOf(`
    x1: {uniform: [-5, 10]}
    x2: {uniform: [0, 15]}`, 'bo'),
  objective: { name: 'loss', mode: 'min' },
  value(c) {
    const x1 = num(c, 'x1');
    const x2 = num(c, 'x2');
    const b = 5.1 / (4 * Math.PI ** 2);
    return (x2 - b * x1 * x1 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  },
};

const H6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

/** Hartmann-6 on [0, 1]⁶, maximised here (its usual form is -f, minimum -3.32237). */
export const hartmann6: TestFunction = {
  space: spaceOf([1, 2, 3, 4, 5, 6].map((i) => `x${i}: {uniform: [0, 1]}`).join('\n'), 'bo'),
  objective: { name: 'score', mode: 'max' },
  value(c) {
    let sum = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += ((H6_A[i] as number[])[j] as number) * (num(c, `x${j + 1}`) - ((H6_P[i] as number[])[j] as number)) ** 2;
      sum += (H6_ALPHA[i] as number) * Math.exp(-inner);
    }
    return sum;
  },
};

/** Runs `budget` trials one after another; returns the log and every value in order. */
export function runSequential(searcher: Searcher, f: TestFunction, budget: number, seed: number): { log: RunLog; values: number[] } {
  const log = new RunLog(seed);
  const values: number[] = [];
  for (let i = 0; i < budget; i++) {
    const config = searcher.suggest(log.state, 0);
    if (!config) break;
    const id = `t${i + 1}`;
    const value = f.value(config);
    values.push(value);
    log.create(id, 0, config).launch(id, 1).report(id, 1, { [f.objective.name]: value }).end(id, 'completed');
  }
  return { log, values };
}

export function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}
