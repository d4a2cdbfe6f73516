/**
 * One benchmark run of a `table:` study: the real Tuner, scheduler, searcher
 * and TableBackend on a simulated clock, journalled in memory only (a replay
 * needs no durability: it is rerun, never resumed). What comes out is the
 * protocol's view of the run: each launch that ended, in order, with the
 * cumulative cost at that moment.
 */
import { emptyRun, reduce } from '../../core/journal/reducer';
import { JOURNAL_VERSION, type NewEvent, type RunEvent } from '../../core/journal/events';
import type { RunState } from '../../core/journal/state';
import type { JournalStore, Logger } from '../../core/ports';
import { createScheduler } from '../../core/schedule/create';
import { reaches } from '../../core/schedule/rungs';
import { boOptionsFor, createSearcher } from '../../core/search/create';
import type { Study } from '../../core/space/model';
import { Tuner } from '../../core/tuner/tuner';
import { tableRunFor } from '../../backends/table/from-study';
import type { RecordedTable } from '../../core/table/table';

export interface ReplayEvaluation {
  /** The table row the trial replays. */
  readonly row: string;
  /** Checkpoints the trial had reached when this launch ended. */
  readonly resource: number;
  /** Checkpoints trained in this run so far, all trials together, this launch included. */
  readonly cost: number;
  /** Trained to the end of its curve (converged) or to the scheduler's max resource. */
  readonly complete: boolean;
  readonly values: Readonly<Record<string, number>>;
}

export interface ReplayLimits {
  /** Stop once this many launches have ended. */
  readonly maxEvaluations?: number;
  /** Stop once this many checkpoints (evaluations, for scalar tables) have been trained. */
  readonly maxCost?: number;
}

export interface Replay {
  readonly evaluations: readonly ReplayEvaluation[];
  readonly table: RecordedTable;
  /** Why the Tuner ended the run. */
  readonly ended: string;
}

/** Simulated runs start at the epoch: their journal times read as minutes from zero. */
const START = 0;

export async function replayStudy(study: Study, studyFile: string, seed: number, limits: ReplayLimits, logger: Logger): Promise<Replay> {
  const { backend, clock, table } = tableRunFor(study, studyFile, seed, START);
  const state = emptyRun();
  const evaluations: ReplayEvaluation[] = [];
  const journal: JournalStore = {
    append: (event: NewEvent): RunEvent => {
      const written = { v: JOURNAL_VERSION, at: clock.now(), ...event } as RunEvent;
      // Seen before the tuner reduces it; the trial's results are already in the state.
      if (written.type === 'trial-ended') {
        const evaluation = evaluationOf(state, written, study.scheduler.max, backend.spent());
        if (evaluation) evaluations.push(evaluation);
      }
      return written;
    },
  };
  reduce(state, journal.append({ type: 'run-started', runId: `bench-${seed}`, studyFile, seed, simulated: true }));
  const objectives = study.objectives.filter((o) => !o.builtin).map((o) => ({ name: o.name, mode: o.mode }));
  const tuner = new Tuner(
    {
      study, state, backend, journal, clock, logger,
      scheduler: createScheduler(study.scheduler, objectives),
      searcher: createSearcher(study.searcher, study.parameters, objectives, boOptionsFor(study, backend)),
    },
    {
      // poll() never waits real time: an infinite wait jumps the clock to the next event.
      pollMs: Number.POSITIVE_INFINITY,
      stopWhen: () => {
        if (limits.maxEvaluations !== undefined && evaluations.length >= limits.maxEvaluations) return `benchmark budget: ${limits.maxEvaluations} evaluations`;
        if (limits.maxCost !== undefined && backend.spent() >= limits.maxCost) return `benchmark budget: cost ${limits.maxCost}`;
        return undefined;
      },
    },
  );
  const final = await tuner.run();
  await backend.close();
  // Launches stopped by the evaluation budget ended after it was spent: they are past the budget.
  const kept = limits.maxEvaluations !== undefined ? evaluations.slice(0, limits.maxEvaluations) : evaluations;
  return { evaluations: kept, table, ended: final.ended?.reason ?? 'ended' };
}

function evaluationOf(state: RunState, ended: Extract<RunEvent, { type: 'trial-ended' }>, max: number, cost: number): ReplayEvaluation | undefined {
  const trial = state.trials.get(ended.trial);
  if (!trial || trial.row === undefined) return undefined;
  // A launch that failed or diverged gave the searcher nothing to learn from.
  if (ended.state === 'failed' || ended.state === 'discarded') return undefined;
  const values: Record<string, number> = {};
  for (const o of trial.observations) Object.assign(values, o.values);
  const complete = ended.state === 'completed' || trial.converged || reaches(trial.reached, max);
  return { row: trial.row, resource: trial.reached, cost, complete, values };
}
