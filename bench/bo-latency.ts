/**
 * How long the BO searcher takes to propose one config, with 200 and 1000
 * completed trials on a 6-dimensional space (Hartmann-6), the state built by
 * the real reducer. Targets: p50 under 50 ms at 200 observations and under
 * 300 ms at 1000.
 *
 *   npm run bench:bo [-- --repeats N]
 */
import { performance } from 'node:perf_hooks';
import { JOURNAL_VERSION, type NewEvent, type RunEvent } from '../src/core/journal/events';
import { emptyRun, reduce } from '../src/core/journal/reducer';
import type { RunState } from '../src/core/journal/state';
import { Random } from '../src/core/random';
import { createBoSearcher } from '../src/core/search/bo/bo-searcher';
import type { Config } from '../src/core/space/config';
import { checkStudy } from '../src/core/space/validate';

const repeatsArg = process.argv.indexOf('--repeats');
const repeats = repeatsArg >= 0 ? Number(process.argv[repeatsArg + 1]) : 7;

const text = `version: 1\ncommand: python train.py\nsearcher: bo\nspace:\n${[1, 2, 3, 4, 5, 6].map((i) => `  x${i}: {uniform: [0, 1]}`).join('\n')}\nobjectives:\n  loss: {mode: min}\n`;
const study = checkStudy(text).study;
if (!study) throw new Error('the benchmark study does not parse');
const params = study.parameters;

/** A smooth 6-D landscape with one basin, so the GP has structure to fit. */
const landscape = (c: Config): number => [1, 2, 3, 4, 5, 6].reduce((s, i) => s + (i / 3) * ((c[`x${i}`] as number) - 0.1 * i) ** 2, 0) + 0.3 * Math.sin(7 * (c['x1'] as number));

function stateWith(observations: number, seed: number): RunState {
  const state = emptyRun();
  let at = 0;
  const add = (e: NewEvent) => reduce(state, { ...e, v: JOURNAL_VERSION, at: ++at } as RunEvent);
  add({ type: 'run-started', runId: 'bench', studyFile: 'bench.rung.yaml', seed, simulated: true });
  const rng = Random.fromSeed(seed).fork('bench-configs');
  for (let t = 0; t < observations; t++) {
    const trial = `t${t}`;
    const launch = `${trial}-l`;
    const config: Config = Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`x${i}`, rng.float()]));
    add({ type: 'trial-created', trial, config, bracket: 0, resource: 1 });
    add({ type: 'launch-intent', trial, launch, resource: 1, fromResource: 0 });
    add({ type: 'trial-launched', trial, launch, host: 'local', gpus: [], handle: launch });
    add({ type: 'metric', trial, launch, resource: 1, values: { loss: landscape(config) } });
    add({ type: 'trial-ended', trial, launch, state: 'completed', reason: 'done' });
  }
  return state;
}

function p50(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

// Compiled code, not the interpreter, is what a long run meets: warm up first.
for (let r = 0; r < 3; r++) createBoSearcher(params, [{ name: 'loss', mode: 'min' }]).suggest(stateWith(100, 100 + r), 0);

for (const [n, target] of [[200, 50], [1000, 300]] as const) {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const state = stateWith(n, r + 1);
    const searcher = createBoSearcher(params, [{ name: 'loss', mode: 'min' }]);
    const t0 = performance.now();
    searcher.suggest(state, 0);
    times.push(performance.now() - t0);
  }
  const median = p50(times);
  console.log(`suggest() with ${n} observations: p50 ${median.toFixed(1)} ms over ${repeats} states (target < ${target} ms)${median < target ? '' : ' — over target'}`);
}
