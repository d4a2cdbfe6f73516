/** One line of progress while an engine runs in a terminal. */
import { leaderboard, rungSummaries, stateCounts } from '../core/report/leaderboard';
import { rungLadder } from '../core/schedule/plan';
import type { RunState } from '../core/journal/state';
import type { Study } from '../core/space/model';

export function progressLine(state: RunState, study: Study): string {
  const c = stateCounts(state);
  const parts = [`${state.order.length}${study.budget.trials ? `/${study.budget.trials}` : ''} trials`, `${c.running} running`];
  if (c.paused) parts.push(`${c.paused} paused`);
  parts.push(`${c.completed} completed`);
  if (c.stopped) parts.push(`${c.stopped} stopped early`);
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.discarded) parts.push(`${c.discarded} discarded`);
  const first = study.objectives.find((o) => !o.builtin);
  const s = study.scheduler;
  if (s.type !== 'fifo') {
    // Trials that reached each rung, e.g. "rungs 1:27 3:9 9:2": where the search stands at a glance.
    const rungs = rungSummaries(state, rungLadder(s.min, s.max, s.reduction), first).filter((r) => r.reached > 0 || r.running > 0);
    if (rungs.length > 0) parts.push(`rungs ${rungs.map((r) => `${r.resource}:${r.reached}${r.running ? `+${r.running}` : ''}`).join(' ')}`);
  }
  const best = first ? leaderboard(state, first, 1)[0] : undefined;
  if (first && best) parts.push(`best ${first.name} ${fmt(best.value)} (${best.trial} at ${best.resource} ${study.scheduler.resource})`);
  return parts.join(' | ');
}

export function fmt(v: number): string {
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}
