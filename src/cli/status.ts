/** `rung status RUN [--json]`: leaderboard per objective, rung table, trial states. */
import * as fs from 'node:fs';
import { replay } from '../core/journal/reducer';
import { energyReport, type EnergyReport } from '../core/report/energy';
import { paretoSummary } from '../core/report/front';
import { leaderboard, rungSummaries, stateCounts } from '../core/report/leaderboard';
import { rungLadder } from '../core/schedule/plan';
import { checkStudy } from '../core/space/validate';
import { isEngineAlive, readEngineLock } from '../storage/engine-lock';
import { readJournal } from '../storage/journal-file';
import type { RunFolder } from '../storage/run-folder';
import { parseArgs, UsageError } from './args';
import type { Io } from './io';
import { fmt } from './progress';
import { resolveRun } from './runs';

export const STATUS_HELP = `Usage: rung status RUN [--json] [--workspace DIR]

RUN is a run id (or its start), 'last', or a run folder. Prints the engine's
state, the leaderboard of each objective, the rung table, energy and CO2e
(per run, per rung and per trial, with what early stopping saved and the
assumptions behind every figure) and trial states. With --json, prints all of it as one JSON object.`;

export function runSummary(run: RunFolder) {
  const { events } = readJournal(run.journal);
  const state = replay(events);
  const lock = readEngineLock(run.lock);
  const engine = typeof lock === 'object' && isEngineAlive(run.dir) ? `running (pid ${lock.pid} on ${lock.host})` : state.ended ? `ended: ${state.ended.reason}` : `not running: resume it with rung resume ${run.id}`;
  const study = checkStudy(fs.readFileSync(run.study, 'utf8')).study;
  // Built-in objectives (co2e...) have values too: the engine journals them with every result.
  const objectives = study?.objectives ?? [];
  const levels = study && study.scheduler.type !== 'fifo' ? rungLadder(study.scheduler.min, study.scheduler.max, study.scheduler.reduction) : [];
  const energy = study ? energyReport(state, study, state.ended?.at ?? Date.now()) : undefined;
  const perTrial = new Map(energy?.trials.map((r) => [r.trial, r.energy]));
  const json = {
    run: run.id, engine, ended: state.ended ?? null,
    trials: state.order.length, states: stateCounts(state),
    leaderboards: Object.fromEntries(objectives.map((o) => [o.name, leaderboard(state, o, 10)])),
    pareto: paretoSummary(state, objectives) ?? null,
    rungs: rungSummaries(state, levels, objectives[0]),
    usage: energy ? { gpuHours: energy.run.gpuHours, trialHours: energy.run.wallSeconds / 3600, energyKwh: energy.run.kwh, co2eKg: energy.run.co2eKg, measuredShare: energy.run.measuredShare, assumptions: energy.run.assumptions } : null,
    energy: energy ? { rungs: energy.rungs, saved: energy.saved } : null,
    trialList: state.order.map((id) => {
      const t = state.trials.get(id);
      const e = perTrial.get(id);
      return t && { id, state: t.state, reached: t.reached, config: t.config, reason: t.endReason ?? null, energyKwh: e?.kwh ?? null, co2eKg: e?.co2eKg ?? null, measuredShare: e?.measuredShare ?? null };
    }),
  };
  return { state, engine, json, energy, objectives };
}

export function runStatus(argv: readonly string[], io: Io): number {
  const { positional, flags } = parseArgs(argv, { '--json': 'boolean', '--workspace': 'string', '--help': 'boolean', '-h': 'boolean' });
  if (flags['--help'] || flags['-h']) { io.out(STATUS_HELP); return 0; }
  if (positional.length !== 1) throw new UsageError('rung status needs exactly one RUN');
  const run = resolveRun(positional[0] as string, (flags['--workspace'] as string | undefined) ?? process.cwd());
  const { json, energy, objectives } = runSummary(run);
  if (flags['--json']) { io.out(JSON.stringify(json, null, 2)); return 0; }
  io.out(`run ${run.id}: ${json.engine}`);
  const s = json.states;
  io.out(`trials: ${json.trials} (${Object.entries(s).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'none yet'})`);
  if (json.usage) io.out(`usage: ${fmt(json.usage.trialHours)} trial-hours, ${fmt(json.usage.gpuHours)} GPU-hours`);
  if (energy) for (const line of energyLines(energy, json.trialList)) io.out(line);
  for (const [name, rows] of Object.entries(json.leaderboards)) {
    io.out(`\nleaderboard: ${name}`);
    for (const [i, r] of rows.entries()) io.out(`  ${String(i + 1).padStart(2)}. ${r.trial}  ${fmt(r.value).padStart(9)}  at ${r.resource}  ${r.state.padEnd(9)}  ${Object.entries(r.config).map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : v}`).join(' ')}`);
  }
  if (json.pareto) {
    const p = json.pareto;
    const names = objectives.map((o) => o.name);
    io.out(`\nPareto front (${names.join(', ')}): ${p.front.length} trial(s), hypervolume ${fmt(p.hypervolume)} against (${p.reference.map((v, i) => `${fmt(v)}${p.referenceFrom[i] === 'ref' ? '' : '*'}`).join(', ')})`);
    if (p.referenceFrom.includes('data')) io.out('  * no `ref` in the study: the worst value seen plus a tenth of the range, so this hypervolume compares only within this run');
    for (const f of p.front) io.out(`  ${f.trial}  ${f.values.map((v) => fmt(v)).join('  ')}`);
  }
  if (json.rungs.length > 0) {
    io.out('\nrungs:');
    io.out('  resource  reached  running  promoted  best');
    for (const r of json.rungs) io.out(`  ${String(r.resource).padStart(8)}  ${String(r.reached).padStart(7)}  ${String(r.running).padStart(7)}  ${String(r.promoted).padStart(8)}  ${r.best === undefined ? '-' : fmt(r.best)}`);
  }
  return 0;
}

/** Trials listed one by one up to this many; beyond it the hungriest ones. */
const TRIAL_ROWS = 30;

function energyLines(r: EnergyReport, trials: readonly ({ id: string; state: string; reached: number } | undefined)[]): string[] {
  const measured = (share: number) => (share >= 1 - 1e-9 ? 'measured' : share <= 1e-9 ? 'estimated' : `${Math.round(share * 100)}% measured`);
  const lines = [
    `energy: ${fmt(r.run.kwh)} kWh, ${fmt(r.run.co2eKg)} kg CO2e (${measured(r.run.measuredShare)})`,
    `  saved by early stopping: ${fmt(r.saved.kwh)} kWh, ${fmt(r.saved.co2eKg)} kg CO2e`,
    `  assumed: ${[...r.run.assumptions, ...r.saved.assumptions].join('; ')}`,
  ];
  if (r.rungs.some((x) => x.energy.kwh > 0)) lines.push(`  per rung: ${r.rungs.map((x) => `${x.resource}: ${fmt(x.energy.kwh)} kWh`).join(', ')}`);
  const shown = new Map([...r.trials].sort((a, b) => b.energy.kwh - a.energy.kwh).slice(0, TRIAL_ROWS).map((x) => [x.trial, x]));
  lines.push(`\ntrials${r.trials.length > TRIAL_ROWS ? ` (the ${TRIAL_ROWS} that used most energy)` : ''}:`, '  trial     state      reached       kWh   kg CO2e  power');
  for (const t of trials) {
    const row = t && shown.get(t.id);
    if (!t || !row) continue;
    lines.push(`  ${t.id.padEnd(8)}  ${t.state.padEnd(9)}  ${fmt(t.reached).padStart(7)}  ${fmt(row.energy.kwh).padStart(8)}  ${fmt(row.energy.co2eKg).padStart(8)}  ${measured(row.energy.measuredShare)}`);
  }
  return lines;
}
