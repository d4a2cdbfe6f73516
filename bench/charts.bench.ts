/**
 * The charts panel's costs at 1,000 and 10,000 trials: building the snapshot
 * from a replayed state, building a patch for one coalesced batch of updates,
 * and the bytes a snapshot sends to the webview. Render times in the webview
 * come from the UI test (test/e2e/ui.test.ts writes test-output/e2e/chart-render.json)
 * and are quoted when that file is there. Writes the "Editor: charts" section
 * of docs/benchmarks.md.
 *
 *   npm run bench:charts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { replay } from '../src/core/journal/reducer';
import { chartPatch, chartSnapshot, type ChartStudy } from '../src/core/report/charts/build';
import { DEFAULT_ENERGY } from '../src/core/space/model';
import { SYNTHETIC_RUNGS, syntheticRun } from '../test/unit/support/synthetic-run';
import { replaceDocSection } from './doc-section';

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
const RENDER = path.join(ROOT, 'test-output', 'e2e', 'chart-render.json');
const REPEATS = 7;
/** Trials one 250 ms batch touches in a busy run. */
const BATCH = 16;

const study: ChartStudy = {
  name: 'synthetic', objectives: [{ name: 'loss', mode: 'min' }, { name: 'cost', mode: 'min' }],
  resource: 'epochs', rungs: SYNTHETIC_RUNGS, max: 27, earlyStopping: true, energy: DEFAULT_ENERGY,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function time(f: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return median(times);
}

interface Row { trials: number; events: number; snapshotMs: number; patchMs: number; bytes: number; scatter: number; curvePoints: number }

function measure(trials: number): Row {
  const events = syntheticRun(trials);
  const state = replay(events);
  const now = state.lastAt;
  const snapshot = chartSnapshot(state, study, {}, now);
  const touched = state.order.slice(-BATCH);
  return {
    trials,
    events: events.length,
    snapshotMs: time(() => chartSnapshot(state, study, {}, now)),
    patchMs: time(() => chartPatch(state, study, {}, now, touched)),
    bytes: Buffer.byteLength(JSON.stringify(snapshot)),
    scatter: snapshot.pareto?.points.length ?? 0,
    curvePoints: (snapshot.curves?.trials ?? []).reduce((n, c) => n + c.points.length, 0),
  };
}

const rows = [1000, 10000].map(measure);
const render = fs.existsSync(RENDER) ? (JSON.parse(fs.readFileSync(RENDER, 'utf8')) as { renderMs: Record<string, number> }).renderMs : undefined;
const machine = `${os.cpus().length}-core, Node ${process.version}, load ${os.loadavg()[0]?.toFixed(0)}`;
const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

for (const r of rows) console.log(`${r.trials} trials: snapshot ${r.snapshotMs.toFixed(1)} ms, patch ${r.patchMs.toFixed(1)} ms, ${kb(r.bytes)}, ${r.scatter} scatter points, ${r.curvePoints} curve points`);

const lines = [
  '## Editor: charts',
  '',
  '<!-- Written by bench/charts.bench.ts; rerun it (after the UI test, for render times) rather than editing here. -->',
  '',
  `Synthetic ASHA runs (test/unit/support/synthetic-run.ts: rungs ${SYNTHETIC_RUNGS.join(', ')}, two objectives, one GPU per launch).`,
  `Data build: the extension host's work for one message, median of ${REPEATS}; a patch is one coalesced 250 ms batch touching ${BATCH} trials.`,
  'Render: the webview drawing a snapshot (all three tabs\' charts, Chart.js, no animation), read from the page after it drew, in headless Chromium (code-server, UI test).',
  '',
  '| trials (events) | snapshot build | patch build | snapshot size | Pareto points sent | curve points sent | render in the webview | machine |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.trials.toLocaleString('en-US')} (${r.events.toLocaleString('en-US')}) | ${r.snapshotMs.toFixed(0)} ms | ${r.patchMs.toFixed(0)} ms | ${kb(r.bytes)} | ${r.scatter.toLocaleString('en-US')} | ${r.curvePoints.toLocaleString('en-US')} | ${render?.[String(r.trials)] !== undefined ? `${Math.round(render[String(r.trials)] as number)} ms` : 'not measured (run the UI test first)'} | ${machine} |`),
  '',
  'Dominated points beyond 2,000 are thinned evenly (the front is always sent whole); curves share a budget of',
  '60,000 points (LTTB per curve, ends kept); energy bars group consecutive trials past 200 bars.',
  '',
];
const doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
fs.writeFileSync(DOC, replaceDocSection(doc, '## Editor: charts', lines.join('\n')));
console.log(`wrote the "Editor: charts" section of ${path.relative(ROOT, DOC)}`);
