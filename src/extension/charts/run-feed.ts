/**
 * A run as the charts see it: its state, its study, and word of which trials
 * changed. `followRun` follows the journal itself; anything else that
 * already follows the run (the Runs view's watcher) can implement RunFeed
 * and hand the same state to the panel instead of a second follower.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunEvent } from '../../core/journal/events';
import { emptyRun, reduce } from '../../core/journal/reducer';
import type { RunState } from '../../core/journal/state';
import { chartStudy, type ChartStudy } from '../../core/report/charts/build';
import { checkStudy } from '../../core/space/validate';
import { JournalFollower } from '../../storage/journal-follower';
import { runFolderAt, type RunFolder } from '../../storage/run-folder';

export interface RunChange {
  /** Trials that new events named; the panel resends their curves. */
  readonly trials: ReadonlySet<string>;
}

export interface RunFeed extends vscode.Disposable {
  readonly run: RunFolder;
  readonly state: RunState;
  readonly study: ChartStudy;
  /** Set when the run cannot be followed any more (damaged journal), or its study does not parse. */
  readonly problem: string | undefined;
  readonly onDidChange: vscode.Event<RunChange>;
}

/** Follows `runDir`'s journal: the state is complete when this returns, then grows as the engine appends. */
export function followRun(runDir: string, pollMs = 500): RunFeed {
  const run = runFolderAt(runDir);
  const state = emptyRun();
  const changed = new vscode.EventEmitter<RunChange>();
  let problem: string | undefined;
  let study = chartStudy(undefined);
  try {
    const parsed = checkStudy(fs.readFileSync(run.study, 'utf8')).study;
    if (parsed) study = chartStudy(parsed);
    else problem = `the run's study (${run.study}) does not parse: objectives and rungs are unknown`;
  } catch (e) {
    problem = `cannot read the run's study ${run.study}: ${(e as Error).message}`;
  }
  const apply = (events: RunEvent[]): Set<string> => {
    const trials = new Set<string>();
    for (const e of events) {
      reduce(state, e);
      if ('trial' in e && typeof e.trial === 'string') trials.add(e.trial);
    }
    return trials;
  };
  const follower = new JournalFollower(run.journal, {
    intervalMs: pollMs,
    onEvents: (events) => changed.fire({ trials: apply(events) }),
    onError: (error) => {
      problem = `stopped following ${run.journal}: ${error.message}`;
      changed.fire({ trials: new Set() });
    },
  });
  // The first read happens here, synchronously, so the first snapshot is complete.
  try {
    apply(follower.readNew());
    follower.start();
  } catch (e) {
    problem = `cannot read ${run.journal}: ${(e as Error).message}`;
  }
  return {
    run,
    state,
    get study() { return study; },
    get problem() { return problem; },
    onDidChange: changed.event,
    dispose: () => { follower.close(); changed.dispose(); },
  };
}
