/**
 * Speed of the study language, written to docs/benchmarks.md ("Language"):
 *  (a) checkStudy on a typical 50-line study after each keystroke (target < 5 ms);
 *  (b) `rung check` on a 500-parameter file, Node start-up included (target < 300 ms);
 *  (c) every bad input of bench/bad-inputs.ts, in the core and through the CLI (target < 1 s).
 * Run with `npm run bench` (it builds dist/ first).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeStudyBytes } from '../src/core/space/parse';
import { checkStudy } from '../src/core/space/validate';
import { studyEnvironment } from '../src/storage/study-environment';
import { badInputs } from './bad-inputs';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');

const TYPICAL = `version: 1
name: sw-en-transformer
command: >-
  python train.py --config {config} --lr {lr} --layers {layers}
  --max-checkpoints {resource} --out {trial_dir} --embed {embed}
workdir: ~/exp/sw-en
base_config: train.yaml
env: {PYTHONUNBUFFERED: "1", OMP_NUM_THREADS: 4}

space:
  lr:        {loguniform: [1.0e-4, 1.0e-3]}
  layers:    {choice: [1, 2, 4, 6]}
  embed:     {choice: [256, 512, 1024]}
  bpe:       {int: [1000, 32000], log: true}
  dropout:   {uniform: [0.0, 0.3], step: 0.05}
  optimizer: {choice: [adam, sgd]}
  momentum:  {uniform: [0.5, 0.99], when: "optimizer == 'sgd'"}
  warmup:    4000

objectives:
  bleu:        {mode: max, pattern: 'BLEU = ([0-9.]+)'}
  decode_time: {mode: min}
  co2e:        {mode: min}

searcher: bo
scheduler:
  type: asha
  resource: checkpoints
  min: 1
  max: 27
  reduction: 3
  mode: promotion

parallel: 8
budget: {trials: 200, gpu_hours: 100, co2e_kg: 30, wall: 48h}
gpus_per_trial: 1

hosts:
  - gpu1
  - {host: gpu2.lab, user: me, port: 22, gpus: [0, 1, 2, 3]}

failures:
  - {pattern: 'CUDA out of memory', action: discard}
  - {pattern: 'all CUDA-capable devices are busy', action: retry}
  - {pattern: 'Stale file handle', action: halt}

energy:
  pue: 1.58
  carbon_intensity: 432
  cpu_watts: 65
  ram_watts: 10
`;

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
  return { median: at(0.5), p95: at(0.95) };
}

const ms = (v: number): string => (v < 10 ? v.toFixed(2) : v.toFixed(0));

function timeCli(file: string, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    out.push(performance.now() - t);
    if (r.status === null || r.status > 1) throw new Error(`rung check ${file} failed: ${r.stderr}`);
  }
  return out;
}

interface Row { measure: string; target: string; result: string; pass: boolean }

/** Load when the run began: on a busy 2-core machine the tails (p95, CLI wall time) grow with it. */
const LOAD = os.loadavg()[0] as number;

function main(): void {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run bench (it builds first).');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-bench-'));
  fs.writeFileSync(path.join(dir, 'train.yaml'), 'lr: 0.001\nlayers: 2\n');
  const studyPath = path.join(dir, 'study.rung.yaml');
  fs.writeFileSync(studyPath, TYPICAL);
  const env = studyEnvironment(studyPath);
  const rows: Row[] = [];

  // (a) A keystroke changes one character; the editor then checks the whole text again.
  const lines = TYPICAL.split('\n').length;
  const at = TYPICAL.indexOf('max: 27') + 5;
  const samples: number[] = [];
  for (let i = 0; i < 2200; i++) {
    const text = `${TYPICAL.slice(0, at)}${(i % 9) + 1}${TYPICAL.slice(at + 1)}`;
    const t = performance.now();
    checkStudy(text, env);
    if (i >= 200) samples.push(performance.now() - t);
  }
  const a = stats(samples);
  rows.push({ measure: `checkStudy after a keystroke, ${lines}-line study (median / p95 of ${samples.length})`, target: '< 5 ms', result: `${ms(a.median)} / ${ms(a.p95)} ms`, pass: a.p95 < 5 });

  // (b) The CLI on a large generated study, Node start-up included.
  const big = path.join(dir, 'big.rung.yaml');
  const names = Array.from({ length: 500 }, (_, i) => `p${i}`);
  fs.writeFileSync(big, `command: >-\n  python train.py ${names.map((n) => `--${n} {${n}}`).join(' ')}\nspace:\n${names.map((n, i) => `  ${n}: ${i % 3 === 0 ? '{uniform: [0.0, 1.0]}' : i % 3 === 1 ? '{int: [1, 64], log: true}' : '{choice: [a, b, c]}'}`).join('\n')}\nobjectives:\n  loss: {mode: min}\n`);
  timeCli(big, 1);
  const b = stats(timeCli(big, 11));
  rows.push({ measure: 'rung check on a 500-parameter study, wall time with Node start-up (median of 11)', target: '< 300 ms', result: `${ms(b.median)} ms`, pass: b.median < 300 });
  const bigText = fs.readFileSync(big, 'utf8');
  const core = stats(Array.from({ length: 50 }, () => { const t = performance.now(); checkStudy(bigText, env); return performance.now() - t; }));
  rows.push({ measure: 'checkStudy on the same 500-parameter study (median of 50)', target: '-', result: `${ms(core.median)} ms`, pass: true });
  const startup = stats(Array.from({ length: 11 }, () => { const t = performance.now(); spawnSync(process.execPath, [CLI, '--help']); return performance.now() - t; }));
  rows.push({ measure: 'rung --help, Node start-up alone (median of 11)', target: '-', result: `${ms(startup.median)} ms`, pass: true });

  // (c) Every bad input: the core in this process, and the whole CLI.
  for (const input of badInputs()) {
    const file = path.join(dir, `${input.name}.rung.yaml`);
    fs.writeFileSync(file, input.bytes);
    const bytes = fs.readFileSync(file);
    const inCore = stats(Array.from({ length: 5 }, () => {
      const t = performance.now();
      const decoded = decodeStudyBytes(bytes);
      if ('text' in decoded) checkStudy(decoded.text);
      return performance.now() - t;
    }));
    const viaCli = stats(timeCli(file, 3));
    const size = input.bytes.length >= 1024 * 1024 ? `${(input.bytes.length / (1024 * 1024)).toFixed(1)} MiB` : input.bytes.length >= 1024 ? `${Math.round(input.bytes.length / 1024)} KiB` : `${input.bytes.length} B`;
    rows.push({ measure: `bad input '${input.name}' (${size}): core / rung check (medians)`, target: '< 1 s', result: `${ms(inCore.median)} / ${ms(viaCli.median)} ms`, pass: viaCli.median < 1000 });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  write(rows);
}

function write(rows: readonly Row[]): void {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const machine = `${os.cpus().length}-core ${cpu}, Node ${process.version}`;
  const section = [
    '## Language',
    '',
    `Generated by \`npm run bench\` (bench/language.bench.ts) on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}; load average ${LOAD.toFixed(1)} when the run began (other work on the machine inflates p95 and CLI times).`,
    '',
    '| measure | target | result | machine |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.measure} | ${r.target} | ${r.result}${r.pass ? '' : ' (over target)'} | ${os.cpus().length}-core, Node ${process.version} |`),
    '',
  ].join('\n');
  const old = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '# Benchmarks\n\n';
  const start = old.indexOf('## Language');
  let next = start < 0 ? -1 : old.indexOf('\n## ', start + 1);
  if (next >= 0) next += 1;
  const updated = start < 0 ? `${old.trimEnd()}\n\n${section}` : `${old.slice(0, start)}${section}${next >= 0 ? `\n${old.slice(next)}` : ''}`;
  fs.mkdirSync(path.dirname(DOC), { recursive: true });
  fs.writeFileSync(DOC, updated);
  process.stdout.write(`${section}\n`);
  const over = rows.filter((r) => !r.pass);
  if (over.length > 0) process.stdout.write(`Over target: ${over.map((r) => r.measure).join('; ')}\n`);
}

main();
