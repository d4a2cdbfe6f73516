/**
 * Energy end to end: the engine samples the nvidia-smi stand-in while real
 * trial processes run, journals the power readings, journals `co2e` with
 * every result, and ranks on it; every figure is checked against a hand
 * computation from the stand-in's watts and the journal's launch times.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from '../../../src/core/journal/events';
import { replay } from '../../../src/core/journal/reducer';
import { valueAt } from '../../../src/core/journal/state';
import { fakeGpuBin } from '../support/temp';
import { assertJournalInvariants, events, onlyRun, rung, workspace, writeStudy } from './engine-harness';

/** The stand-in's GPUs: constant draw, so the exact energy is watts times seconds. The third reads [N/A]. */
const GPUS = [
  { uuid: 'GPU-00000000-0000-4000-8000-000000000250', watts: 250 },
  { uuid: 'GPU-00000000-0000-4000-8000-000000000150', watts: 150 },
  { uuid: 'GPU-00000000-0000-4000-8000-0000000000aa', watts: null },
];
const PUE = 1.5;
const INTENSITY = 400;
const CPU_RAM = 60 + 20;
/** Used only where nothing was measured: the [N/A] GPU. */
const CONFIGURED_GPU = 300;

function standIn(ws: string): NodeJS.ProcessEnv {
  const dir = path.join(ws, 'fakegpu');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'gpus'), GPUS.map((g, i) => `${i}|${g.uuid}|NVIDIA H100 80GB HBM3|${g.watts ?? '[N/A]'}|${g.watts ?? '[N/A]'}|81559|0`).join('\n') + '\n');
  return { FAKE_GPU_DIR: dir, PATH: `${fakeGpuBin}${path.delimiter}${process.env['PATH'] ?? ''}` };
}

/** kg CO2e of a trial up to `until`, by hand: each launch's seconds times its GPU's watts (plus CPU and RAM), PUE, intensity. */
function handCo2e(evs: readonly RunEvent[], trial: string, until: number): number {
  let joules = 0;
  for (const l of evs) {
    if (l.type !== 'trial-launched' || l.trial !== trial || l.at > until) continue;
    const end = evs.find((e) => e.type === 'trial-ended' && e.launch === l.launch)?.at ?? Infinity;
    const seconds = (Math.min(end, until) - l.at) / 1000;
    const watts = l.gpus.reduce((w, uuid) => w + (GPUS.find((g) => g.uuid === uuid)?.watts ?? CONFIGURED_GPU), 0);
    joules += (watts + CPU_RAM) * seconds;
  }
  return (((joules * PUE) / 3.6e6) * INTENSITY) / 1000;
}

test('ASHA on co2e with the nvidia-smi stand-in: CO2e per result and per trial match a hand computation', () => {
  const ws = workspace();
  const study = writeStudy(ws, {
    sleep: 0.25, trials: 9, parallel: 3,
    extra: [
      'gpus_per_trial: 1',
      `energy: {pue: ${PUE}, carbon_intensity: ${INTENSITY}, cpu_watts: 60, ram_watts: 20, gpu_watts: ${CONFIGURED_GPU}}`,
    ].join('\n'),
  });
  // The study asks for GPUs and for co2e as its objective instead of the score.
  fs.writeFileSync(study, fs.readFileSync(study, 'utf8').replace('gpus_per_trial: 0\n', '').replace('  score: {mode: max}', '  co2e: {mode: min}'));
  const env = standIn(ws);
  const r = rung(['run', study, '--workspace', ws], ws, env);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const run = onlyRun(ws);
  const evs = events(run);
  assertJournalInvariants(evs);

  // Power readings were journalled, with the stand-in's watts ([N/A] as null).
  const power = evs.filter((e): e is Extract<RunEvent, { type: 'power' }> => e.type === 'power');
  assert.ok(power.length > 0, 'no power events');
  for (const p of power) for (const s of p.samples) assert.equal(s.watts, GPUS.find((g) => g.uuid === s.gpu)?.watts, JSON.stringify(s));

  // Every result carries co2e: the trial's energy up to that result.
  const metrics = evs.filter((e): e is Extract<RunEvent, { type: 'metric' }> => e.type === 'metric');
  assert.ok(metrics.length >= 9);
  for (const m of metrics) {
    const co2e = m.values['co2e'];
    assert.ok(co2e !== undefined, `${m.launch} at ${m.resource} has no co2e`);
    // The engine read the clock a moment before journalling the result: allow 50 ms at full draw.
    const slack = ((((250 + CPU_RAM) * 0.05 * PUE) / 3.6e6) * INTENSITY) / 1000;
    const hand = handCo2e(evs, m.trial, m.at);
    assert.ok(Math.abs(co2e - hand) <= slack, `${m.launch} at ${m.resource}: co2e ${co2e}, by hand ${hand}`);
  }

  // The status report: per trial exactly the hand computation over whole launches; [N/A] GPUs estimated and said so.
  const status = JSON.parse(rung(['status', run.id, '--json', '--workspace', ws], ws).stdout);
  let total = 0;
  for (const t of status.trialList as { id: string; co2eKg: number; measuredShare: number }[]) {
    const hand = handCo2e(evs, t.id, Infinity);
    assert.ok(Math.abs(t.co2eKg - hand) <= hand * 1e-9, `${t.id}: ${t.co2eKg} kg, by hand ${hand}`);
    total += hand;
    const onNa = evs.some((e) => e.type === 'trial-launched' && e.trial === t.id && e.gpus.includes(GPUS[2]?.uuid as string));
    const onMeasured = evs.some((e) => e.type === 'trial-launched' && e.trial === t.id && !e.gpus.includes(GPUS[2]?.uuid as string));
    if (!onNa) assert.equal(t.measuredShare, 1, `${t.id} ran on measured GPUs only`);
    if (!onMeasured) assert.equal(t.measuredShare, 0, `${t.id} ran on the [N/A] GPU only`);
  }
  assert.ok(Math.abs(status.usage.co2eKg - total) <= total * 1e-9, `run: ${status.usage.co2eKg} kg, by hand ${total}`);
  assert.ok(status.energy.saved.kwh > 0, 'ASHA stopped trials short of 9 epochs: something was saved');

  // ASHA promoted on co2e: each promoted trial was in the lowest third of its rung when it was promoted.
  let promotions = 0;
  for (const [i, d] of evs.entries()) {
    if (d.type !== 'decision' || d.action !== 'promote') continue;
    promotions++;
    const before = replay(evs.slice(0, i));
    const rung = [...before.trials.values()].filter((t) => t.reached >= d.resource - 1e-9).map((t) => ({ id: t.id, co2e: valueAt(t, 'co2e', d.resource) as number }));
    rung.sort((a, b) => a.co2e - b.co2e);
    const place = rung.findIndex((x) => x.id === d.trial);
    assert.ok(place >= 0 && place < Math.max(1, Math.floor(rung.length / 3)), `${d.trial} promoted from ${d.resource} in place ${place + 1} of ${rung.length}: ${JSON.stringify(rung)}`);
  }
  assert.ok(promotions > 0, 'nothing was promoted');

  const text = rung(['status', run.id, '--workspace', ws], ws).stdout;
  assert.match(text, /energy: [0-9.e-]+ kWh, [0-9.e-]+ kg CO2e \(\d+% measured\)/);
  assert.match(text, /saved by early stopping: /);
  assert.match(text, /assumed: PUE 1\.5; carbon intensity 400 g CO2e\/kWh;/);
  assert.match(text, /leaderboard: co2e/);
  fs.rmSync(ws, { recursive: true, force: true });
});
