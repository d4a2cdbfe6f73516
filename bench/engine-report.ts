/**
 * The "Engine" section of docs/benchmarks.md, from the results the engine
 * benchmarks write (bench/results/engine-*.json). Only this section is
 * replaced; the others belong to their own scripts.
 *
 *   node out/bench/engine-report.js [docs/benchmarks.md]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ENGINE_HEADING = '## Engine';

export interface OverheadResult {
  readonly trials: number;
  readonly parallel: number;
  readonly trialSeconds: number;
  readonly wallSeconds: number;
  readonly idealSeconds: number;
  readonly engineMaxRssMiB: number;
  /** trial-ended -> the next launch-intent, in ms. */
  readonly endToLaunchMs: { readonly p50: number; readonly p95: number };
  /** The trial's exit file written -> the next launch-intent, in ms. */
  readonly exitToLaunchMs: { readonly p50: number; readonly p95: number };
  readonly machine: string;
}

export interface JournalResult {
  readonly replayEvents: number;
  readonly replayMs: number;
  readonly memoryTrials: number;
  readonly memoryEvents: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
  readonly machine: string;
}

export function machine(): string {
  return `${os.cpus().length}-core, Node ${process.version}`;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function renderEngineSection(o: OverheadResult | undefined, j: JournalResult | undefined): string {
  const rows: string[] = [];
  if (o) {
    const overhead = (100 * (o.wallSeconds - o.idealSeconds)) / o.idealSeconds;
    rows.push(
      `| ${o.trials} trials of a ${o.trialSeconds} s no-op trainer, parallel ${o.parallel}: wall vs ideal (${o.trials} × ${o.trialSeconds} s / ${o.parallel}) | ≤ 5 % overhead | ${o.wallSeconds.toFixed(1)} s vs ${o.idealSeconds.toFixed(1)} s (${overhead.toFixed(1)} %) | ${o.machine} |`,
      `| trial-ended → next launch in its slot (journal timestamps), p50 / p95 | p50 < 200 ms | ${o.endToLaunchMs.p50} / ${o.endToLaunchMs.p95} ms | ${o.machine} |`,
      `| trial process exit (its exit file) → next launch, p50 / p95 | — | ${o.exitToLaunchMs.p50} / ${o.exitToLaunchMs.p95} ms | ${o.machine} |`,
      `| live engine's peak RSS during that run | < 150 MB | ${o.engineMaxRssMiB.toFixed(0)} MiB | ${o.machine} |`,
    );
  }
  if (j) {
    rows.push(
      `| readJournal + replay of ${j.replayEvents.toLocaleString('en')} events (median of 5) | < 1 s | ${j.replayMs.toFixed(0)} ms | ${j.machine} |`,
      `| engine state of ${j.memoryTrials.toLocaleString('en')} trials (${j.memoryEvents.toLocaleString('en')} events) replayed: heap used / process RSS | < 150 MB | ${j.heapMiB.toFixed(0)} / ${j.rssMiB.toFixed(0)} MiB | ${j.machine} |`,
    );
  }
  return [
    ENGINE_HEADING,
    '',
    '<!-- Written by bench/engine-report.ts from bench/engine-overhead.ts and bench/engine-journal.ts; rerun them rather than editing here. -->',
    '',
    'The real CLI (`rung run`) on the local backend, trials as detached processes; the trainer is',
    "`sleep 1; echo 'rung: {\"score\": 1}'`. Journal numbers replay generated journals shaped like real ones",
    '(each trial: created, launch intent, launched, five metrics, ended).',
    '',
    '| measure | target | result | machine |',
    '|---|---|---|---|',
    ...(rows.length > 0 ? rows : ['| (no results yet) | | | |']),
    '',
  ].join('\n');
}

/** Replaces the Engine section (up to the next `## ` heading), or appends it. */
export function replaceEngineSection(doc: string, section: string): string {
  const body = section.endsWith('\n') ? section : `${section}\n`;
  const start = doc.startsWith(`${ENGINE_HEADING}\n`) ? 0 : doc.indexOf(`\n${ENGINE_HEADING}\n`) + 1;
  if (start === 0 && !doc.startsWith(`${ENGINE_HEADING}\n`)) return `${doc.replace(/\n*$/, '\n')}\n${body}`;
  const next = doc.indexOf('\n## ', start + ENGINE_HEADING.length);
  return doc.slice(0, start) + body + (next < 0 ? '' : `${doc.slice(next + 1)}`);
}

function readResult<T>(file: string): T | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : undefined;
}

function main(): void {
  const root = path.resolve(__dirname, '../..');
  const doc = path.resolve(process.argv[2] ?? path.join(root, 'docs', 'benchmarks.md'));
  const results = path.join(root, 'bench', 'results');
  const section = renderEngineSection(readResult(path.join(results, 'engine-overhead.json')), readResult(path.join(results, 'engine-journal.json')));
  fs.writeFileSync(doc, replaceEngineSection(fs.readFileSync(doc, 'utf8'), section));
  process.stdout.write(section);
}

if (require.main === module) main();
