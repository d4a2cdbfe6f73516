/**
 * Energy at the scale of a long run: one host, 8 GPUs read every second for
 * 24 hours, trials of 5 minutes back to back on each GPU (2304 trials).
 * Measures what downsampling saves in the journal and costs in accuracy, and
 * how long the engine's per-result co2e and the full report take at the end
 * of the day. Targets: power events under 10% of the raw readings' size, energy
 * within 0.1% of the raw integration, co2e of one result under 5 ms, the
 * whole report under 2 s.
 *
 *   npm run bench:energy
 */
import { performance } from 'node:perf_hooks';
import { builtinValues } from '../src/core/energy/builtin';
import { PowerDownsampler } from '../src/core/energy/downsample';
import { JOURNAL_VERSION, type NewEvent, type PowerSample, type RunEvent } from '../src/core/journal/events';
import { emptyRun, reduce } from '../src/core/journal/reducer';
import type { RunState, Trial } from '../src/core/journal/state';
import { energyReport } from '../src/core/report/energy';
import { DEFAULT_ENERGY, type Study } from '../src/core/space/model';

const GPUS = 8;
const HOURS = 24;
const TRIAL_S = 300;
const START = Date.UTC(2026, 0, 1);
const scheduler = { type: 'fifo', resource: 'epochs', min: 1, max: 1, reduction: 3, mode: 'promotion' } as unknown as Study['scheduler'];

/** A load that swings between 120 and 680 W with a 70 s period, some noise, and an [N/A] now and then. */
function watts(gpu: number, s: number): number | null {
  if ((s * 7 + gpu * 13) % 997 === 0) return null;
  return 400 + 280 * Math.sin((2 * Math.PI * (s + gpu * 11)) / 70) + ((s * 31 + gpu * 17) % 23) - 11;
}

function build(downsample: boolean): { state: RunState; bytes: number; pushMs: number } {
  const state = emptyRun();
  let bytes = 0;
  const add = (at: number, e: NewEvent) => {
    const event = { v: JOURNAL_VERSION, at, ...e } as RunEvent;
    if (event.type === 'power') bytes += JSON.stringify(event).length + 1;
    reduce(state, event);
  };
  add(START, { type: 'run-started', runId: 'bench', studyFile: 'bench.rung.yaml', seed: 0 });
  const d = new PowerDownsampler();
  let pushMs = 0;
  const journal = (batches: readonly { host: string; samples: readonly PowerSample[] }[], at: number) => { for (const b of batches) add(at, { type: 'power', host: b.host, samples: b.samples }); };
  let n = 0;
  for (let s = 0; s <= HOURS * 3600; s++) {
    const t = START + s * 1000;
    if (s % TRIAL_S === 0) {
      if (downsample) journal(d.flush(), t);
      for (let g = 0; g < GPUS; g++) {
        const prev = `t${n - GPUS + g}`;
        if (s > 0) add(t, { type: 'trial-ended', trial: prev, launch: `${prev}.0`, state: 'completed', reason: 'done' });
      }
      for (let g = 0; g < GPUS && s < HOURS * 3600; g++) {
        const trial = `t${n++}`;
        add(t, { type: 'trial-created', trial, config: { x: g }, bracket: 0, resource: 1 });
        add(t, { type: 'launch-intent', trial, launch: `${trial}.0`, resource: 1, fromResource: 0 });
        add(t, { type: 'trial-launched', trial, launch: `${trial}.0`, host: 'box', gpus: [`GPU-${g}`], handle: 'h' });
      }
    }
    const samples: PowerSample[] = Array.from({ length: GPUS }, (_, g) => ({ gpu: `GPU-${g}`, t, watts: watts(g, s), util: 90, memMiB: 30_000 }));
    if (!downsample) { add(t, { type: 'power', host: 'box', samples }); continue; }
    const t0 = performance.now();
    const batches = d.push('box', samples);
    pushMs += performance.now() - t0;
    journal(batches, t);
  }
  if (downsample) journal(d.flush(), START + HOURS * 3600 * 1000);
  return { state, bytes, pushMs };
}

const raw = build(false);
const down = build(true);
const end = START + HOURS * 3600 * 1000;
const study = { energy: DEFAULT_ENERGY, scheduler };
const rawReport = energyReport(raw.state, study, end);
const t0 = performance.now();
const report = energyReport(down.state, study, end);
const reportMs = performance.now() - t0;
const last = down.state.trials.get(down.state.order[down.state.order.length - 1] as string) as Trial;
const times: number[] = [];
for (let i = 0; i < 50; i++) {
  const t1 = performance.now();
  builtinValues(down.state, last, end - 1000, study, ['co2e']);
  times.push(performance.now() - t1);
}
times.sort((a, b) => a - b);
const worstTrial = Math.max(...report.trials.map((r, i) => Math.abs(r.energy.kwh - (rawReport.trials[i]?.energy.kwh ?? 0)) / (rawReport.trials[i]?.energy.kwh ?? 1)));
const readings = GPUS * (HOURS * 3600 + 1);
console.log(`${GPUS} GPUs x ${HOURS} h at 1 s: ${readings} readings, ${down.state.order.length} trials of ${TRIAL_S} s`);
console.log(`power events in the journal: raw ${(raw.bytes / 1e6).toFixed(1)} MB, downsampled ${(down.bytes / 1e6).toFixed(2)} MB (${((100 * down.bytes) / raw.bytes).toFixed(1)}%)`);
console.log(`downsampler: ${((readings / down.pushMs) * 1000 / 1e6).toFixed(2)} M readings/s`);
console.log(`run energy: raw ${rawReport.run.kwh.toFixed(4)} kWh, downsampled ${report.run.kwh.toFixed(4)} kWh (difference ${((100 * Math.abs(report.run.kwh - rawReport.run.kwh)) / rawReport.run.kwh).toExponential(2)}%); worst trial ${(100 * worstTrial).toExponential(2)}%`);
console.log(`co2e of one result at the end of the day: p50 ${(times[25] as number).toFixed(2)} ms; whole report: ${reportMs.toFixed(0)} ms`);
