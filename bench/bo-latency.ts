/**
 * How long the BO searcher takes to propose one config, with 200 and 1000
 * completed trials on a 6-dimensional space (Hartmann-6), the state built by
 * the real reducer. Targets: p50 under 50 ms at 200 observations and under
 * 300 ms at 1000.
 *
 * Two measures: "in a run", the searcher that lived through the run proposes
 * after each of 21 consecutive observations around n (what the engine meets:
 * hyperparameters are refitted only at refit points, see hyperparameters.ts),
 * and "cold", a fresh searcher's first proposal (an engine restart; always a
 * refit).
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

function runWith(observations: number, seed: number): { state: RunState; observe: () => void } {
  const state = emptyRun();
  let at = 0;
  const add = (e: NewEvent) => reduce(state, { ...e, v: JOURNAL_VERSION, at: ++at } as RunEvent);
  add({ type: 'run-started', runId: 'bench', studyFile: 'bench.rung.yaml', seed, simulated: true });
  const rng = Random.fromSeed(seed).fork('bench-configs');
  let t = 0;
  const observe = () => {
    const trial = `t${t++}`;
    const launch = `${trial}-l`;
    const config: Config = Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`x${i}`, rng.float()]));
    add({ type: 'trial-created', trial, config, bracket: 0, resource: 1 });
    add({ type: 'launch-intent', trial, launch, resource: 1, fromResource: 0 });
    add({ type: 'trial-launched', trial, launch, host: 'local', gpus: [], handle: launch });
    add({ type: 'metric', trial, launch, resource: 1, values: { loss: landscape(config) } });
    add({ type: 'trial-ended', trial, launch, state: 'completed', reason: 'done' });
  };
  for (let k = 0; k < observations; k++) observe();
  return { state, observe };
}

function p50(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

const AROUND = 10;
const objectives = [{ name: 'loss', mode: 'min' }] as const;
/** Wall-clock milliseconds of f, and its CPU milliseconds, which other work on a loaded machine inflates less. */
const cpu: number[] = [];
const timed = (f: () => void): number => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  return wall;
};

// Compiled code, not the interpreter, is what a long run meets: warm up first.
for (let r = 0; r < 3; r++) createBoSearcher(params, objectives).suggest(runWith(100, 100 + r).state, 0);

for (const [n, target] of [[200, 50], [1000, 300]] as const) {
  const inRun: number[] = [];
  const inRunCpu: number[] = [];
  const cold: number[] = [];
  for (let r = 0; r < repeats; r++) {
    cold.push(timed(() => createBoSearcher(params, objectives).suggest(runWith(n, r + 1).state, 0)));
    const run = runWith(n - AROUND - 1, r + 1);
    const searcher = createBoSearcher(params, objectives);
    searcher.suggest(run.state, 0);
    for (let k = 0; k <= 2 * AROUND; k++) {
      run.observe();
      inRun.push(timed(() => searcher.suggest(run.state, 0)));
      inRunCpu.push(cpu[cpu.length - 1] as number);
    }
  }
  const median = p50(inRun);
  console.log(`suggest() with ${n} observations: p50 ${median.toFixed(1)} ms in a run (${inRun.length} proposals, ${n - AROUND} to ${n + AROUND} observations; target < ${target} ms)${median < target ? '' : ' — over target'}, CPU p50 ${p50(inRunCpu).toFixed(1)} ms; cold p50 ${p50(cold).toFixed(1)} ms over ${repeats} states`);
}
