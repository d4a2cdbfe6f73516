/**
 * The Runs tree's cost at 1,000 and 10,000 trials: building the tree model
 * from a run state, and one live refresh (ten journal events reduced, the
 * tree rebuilt and diffed into the nodes to refresh), plus every trial's
 * description (what a full refresh asks for when a rung with all trials is
 * expanded). Also records the VSIX size when rung.vsix exists
 * (`npm run package`). Writes the "Editor: Runs tree" section of docs/benchmarks.md.
 *
 *   npm run bench:tree
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NewEvent, RunEvent } from '../src/core/journal/events';
import { reduce, replay } from '../src/core/journal/reducer';
import { buildRunTree, diffRunTree, trialDescription, type TreeShape } from '../src/core/report/run-tree';
import { replaceDocSection } from './doc-section';

const SHAPE: TreeShape = { levels: [1, 3, 9, 27, 81], objective: { name: 'bleu', mode: 'max' }, resourceName: 'epochs' };
const HEADING = '## Editor: Runs tree';

/** An ASHA-shaped run: every trial at rung 0, a third of them a rung up, and so on; some still running. */
function syntheticRun(trials: number): RunEvent[] {
  const events: RunEvent[] = [];
  let at = 1;
  const push = (e: NewEvent) => events.push({ v: 1, at: at++, ...e } as RunEvent);
  push({ type: 'run-started', runId: 'bench', studyFile: 'bench.rung.yaml', seed: 1 });
  for (let i = 0; i < trials; i++) {
    const trial = `t${String(i).padStart(5, '0')}`;
    push({ type: 'trial-created', trial, config: { lr: 1e-4 * (1 + (i % 10)), layers: 1 + (i % 6), optimizer: i % 2 ? 'adam' : 'sgd' }, bracket: 0, resource: 1 });
    // Rung k reached by 1 in 3^k trials; the last 2 % of trials are still running.
    let top = 0;
    while (top < SHAPE.levels.length - 1 && i % 3 ** (top + 1) === 0) top++;
    const running = i >= trials * 0.98;
    let from = 0;
    for (let k = 0; k <= top; k++) {
      const resource = SHAPE.levels[k] as number;
      const launch = `${trial}.${k + 1}`;
      push({ type: 'launch-intent', trial, launch, resource, fromResource: from });
      push({ type: 'trial-launched', trial, launch, host: `gpu${i % 8}`, gpus: [String(i % 4)], handle: `pid:${i}` });
      if (running && k === top) break;
      push({ type: 'metric', trial, launch, resource, values: { bleu: 20 + k + (i % 97) / 10 } });
      push({ type: 'trial-ended', trial, launch, state: k === SHAPE.levels.length - 1 ? 'completed' : 'paused', reason: 'rung reached' });
      if (k < top) push({ type: 'decision', trial, action: 'promote', rung: k, resource, reason: 'top 1/3' });
      from = resource;
    }
  }
  return events;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function time(runs: number, body: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    body();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

interface TreeResult { trials: number; buildMs: number; refreshMs: number; renderAllMs: number }

function measure(trials: number): TreeResult {
  const state = replay(syntheticRun(trials));
  const buildMs = time(21, () => buildRunTree(state, SHAPE));
  let tree = buildRunTree(state, SHAPE);
  const running = state.order.slice(-Math.max(1, Math.floor(trials * 0.02)));
  let step = 0;
  const refreshMs = time(21, () => {
    const changed = new Set<string>();
    for (let j = 0; j < 10; j++) {
      const trial = running[(step * 10 + j) % running.length] as string;
      const t = state.trials.get(trial);
      const launch = t?.launches[t.launches.length - 1];
      if (!launch) continue;
      reduce(state, { v: 1, at: 1e12 + step, type: 'metric', trial, launch: launch.id, resource: launch.resource, values: { bleu: 30 + (step % 10) } });
      changed.add(trial);
    }
    step++;
    const next = buildRunTree(state, SHAPE);
    diffRunTree(tree, next, changed);
    tree = next;
  });
  const renderAllMs = time(5, () => {
    for (const id of tree.rungs[0]?.trials ?? []) {
      const t = state.trials.get(id);
      if (t) trialDescription(t, SHAPE, 0, false);
    }
  });
  return { trials, buildMs, refreshMs, renderAllMs };
}

const results = [1000, 10_000].map(measure);
const vsix = fs.existsSync('rung.vsix') ? fs.statSync('rung.vsix').size : undefined;
const machine = `${os.cpus().length}-core, Node ${process.version}`;
const f = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
const rows = results.flatMap((r) => [
  `| tree model build, ${r.trials.toLocaleString('en')} trials (median of 21) | < 50 ms | ${f(r.buildMs)} ms | ${machine} |`,
  `| live refresh (10 events reduced, tree rebuilt and diffed), ${r.trials.toLocaleString('en')} trials | < 16 ms at 5,000 | ${f(r.refreshMs)} ms | ${machine} |`,
  `| descriptions of every trial in rung 0 (what refreshing it while expanded asks for), ${r.trials.toLocaleString('en')} trials | — | ${f(r.renderAllMs)} ms | ${machine} |`,
]);
if (vsix !== undefined) rows.push(`| VSIX size (\`npm run package\`) | < 3 MB | ${(vsix / 1024).toFixed(0)} KiB | — |`);
const section = `${HEADING}

<!-- Written by bench/tree.bench.ts (npm run bench:tree); rerun it rather than editing here. -->

The pure tree model (src/core/report/run-tree.ts) on generated ASHA-shaped runs (rungs 1/3/9/27/81,
a third of each rung promoted, 2 % of trials running). A live refresh is what the Runs view does per
coalesced change (at most 10 per second): reduce the new events, rebuild the model, and diff it into
the rungs and trials to refresh. Changes that touch only trial rows refresh those rows; changes of
rung counts or members (trial starts and ends) refresh the tree, whose visible rows VS Code then asks
descriptions for. Tooltips are built on hover (resolveTreeItem), not per refresh.

| measure | target | result | machine |
|---|---|---|---|
${rows.join('\n')}
`;
const docPath = path.resolve(process.argv[2] ?? 'docs/benchmarks.md');
fs.writeFileSync(docPath, replaceDocSection(fs.readFileSync(docPath, 'utf8'), HEADING, section));
process.stdout.write(section);
