/**
 * The Runs tree as plain data: run -> rung -> trial, with the counts, labels
 * and badges the editor shows. The editor only maps this onto TreeItems, so
 * everything that decides what a user reads is tested without VS Code.
 *
 * A trial appears under every rung it trained at (ASHA's rung 0 holds every
 * trial, rung 1 the ones that went on): that is how successive halving is
 * read, and it makes "9 running / 27 done / 9 promoted" a count of one list.
 * Its home (where "reveal" goes) is the highest rung it reached or runs toward.
 */
import { currentLaunch, valueAt, type RunState, type Trial } from '../journal/state';
import type { ObjectiveRef } from './leaderboard';

/** What a trial's icon says at one rung. */
export type TrialBadge = 'pending' | 'running' | 'paused' | 'promoted' | 'stopped-early' | 'completed' | 'failed' | 'discarded';

export const BADGE_LABELS: Readonly<Record<TrialBadge, string>> = {
  pending: 'pending', running: 'running', paused: 'paused', promoted: 'promoted',
  'stopped-early': 'stopped early', completed: 'completed', failed: 'failed', discarded: 'discarded',
};

export interface TreeShape {
  /** Rung budgets, ascending; empty for FIFO (one group holds every trial). */
  readonly levels: readonly number[];
  readonly objective?: ObjectiveRef;
  /** The study's resource name (epochs, steps), for descriptions. */
  readonly resourceName: string;
}

export interface RungGroup {
  readonly index: number;
  readonly resource: number;
  /** Trial ids in creation order. */
  readonly trials: readonly string[];
  readonly running: number;
  /** Trials with a result at this rung's budget. */
  readonly done: number;
  readonly promoted: number;
  readonly label: string;
  readonly description: string;
}

export interface RunTree {
  readonly rungs: readonly RungGroup[];
  /** Each trial's home rung index. */
  readonly home: ReadonlyMap<string, number>;
}

const EPS = 1e-9;

/**
 * The resource a trial trains toward now: its current launch's target, or
 * the budget it was created for. A trial that converged early counts as done
 * wherever it stopped.
 */
function target(t: Trial): number {
  return currentLaunch(t)?.resource ?? t.resource;
}

/** Index of the highest rung a trial reached or is working toward. */
export function homeRung(t: Trial, levels: readonly number[]): number {
  if (levels.length === 0) return 0;
  const goal = Math.max(target(t), t.reached);
  for (let k = 0; k < levels.length; k++) if ((levels[k] as number) >= goal - EPS) return k;
  return levels.length - 1;
}

/** The badge of a trial shown at rung `rung` whose home is `home`. */
export function trialBadge(t: Trial, rung: number, home: number): TrialBadge {
  if (rung < home) return 'promoted';
  switch (t.state) {
    case 'stopped': return 'stopped-early';
    case 'pending': return 'pending';
    case 'running': return 'running';
    case 'paused': return 'paused';
    case 'completed': return 'completed';
    case 'failed': return 'failed';
    case 'discarded': return 'discarded';
  }
}

export function rungLabel(index: number, resource: number, fifo: boolean): string {
  return fifo ? 'all trials' : `rung ${index} (r=${fmt(resource)})`;
}

export function rungDescription(running: number, done: number, promoted: number): string {
  return `${running} running / ${done} done / ${promoted} promoted`;
}

/** Builds the whole tree. Linear in trials times rungs: about a millisecond at 10,000 trials. */
export function buildRunTree(state: RunState, shape: TreeShape): RunTree {
  const fifo = shape.levels.length === 0;
  const count = fifo ? 1 : shape.levels.length;
  const members: string[][] = Array.from({ length: count }, () => []);
  const running = new Array<number>(count).fill(0);
  const done = new Array<number>(count).fill(0);
  const promoted = new Array<number>(count).fill(0);
  const home = new Map<string, number>();
  for (const id of state.order) {
    const t = state.trials.get(id);
    if (!t) continue;
    const h = homeRung(t, shape.levels);
    home.set(id, h);
    for (let k = 0; k <= h; k++) {
      members[k]?.push(id);
      const level = fifo ? target(t) : (shape.levels[k] as number);
      if (t.reached >= level - EPS || (k === h && t.converged)) done[k]!++;
      else if (k === h && t.state === 'running') running[k]!++;
      if (k < h || (!fifo && t.promotedFrom.some((r) => Math.abs(r - level) < EPS))) promoted[k]!++;
    }
  }
  const rungs = members.map((trials, k): RungGroup => {
    const resource = fifo ? Number.NaN : (shape.levels[k] as number);
    return {
      index: k, resource, trials, running: running[k]!, done: done[k]!, promoted: fifo ? 0 : promoted[k]!,
      label: rungLabel(k, resource, fifo),
      description: fifo ? `${running[k]} running / ${done[k]} done` : rungDescription(running[k]!, done[k]!, promoted[k]!),
    };
  });
  return { rungs, home };
}

/** "val_accuracy 0.9345 · epochs 27", or the state's reason when there is no value yet. */
export function trialDescription(t: Trial, shape: TreeShape, rung: number, fifo: boolean): string {
  const at = fifo ? t.reached : Math.min(t.reached, shape.levels[rung] ?? t.reached);
  const parts: string[] = [];
  const value = shape.objective ? valueAt(t, shape.objective.name, at) : undefined;
  if (shape.objective && value !== undefined) parts.push(`${shape.objective.name} ${fmt(value)}`);
  if (at > 0) parts.push(`${shape.resourceName} ${fmt(at)}`);
  const host = currentLaunch(t)?.host;
  if (host !== undefined && t.state === 'running') parts.push(host);
  return parts.join(' · ');
}

/** The trial's tooltip as Markdown: state, config, where it ran, its last values, its measured energy. */
export function trialTooltip(t: Trial, shape: TreeShape, energy?: { readonly kwh: number; readonly co2eKg: number }): string {
  const lines = [`**${t.id}** — ${t.state}${t.endReason ? ` (${escapeMd(t.endReason)})` : ''}`, ''];
  lines.push('| parameter | value |', '|---|---|');
  for (const [k, v] of Object.entries(t.config)) lines.push(`| ${escapeMd(k)} | ${escapeMd(typeof v === 'number' ? fmt(v) : String(v))} |`);
  const launch = currentLaunch(t);
  if (launch?.host !== undefined) {
    lines.push('', `host: ${escapeMd(launch.host)}${launch.gpus.length > 0 ? `, GPU ${launch.gpus.map(escapeMd).join(', ')}` : ''}`);
  }
  const last = t.observations[t.observations.length - 1];
  if (last) {
    const values = Object.entries(last.values).map(([k, v]) => `${escapeMd(k)} ${escapeMd(fmt(v))}`).join(', ');
    lines.push('', `at ${escapeMd(shape.resourceName)} ${escapeMd(fmt(last.resource))}: ${values}`);
  }
  if (t.stopReason) lines.push('', `stop: ${escapeMd(t.stopReason)}`);
  if (energy) lines.push('', `energy: ${escapeMd(fmt(energy.kwh))} kWh, ${escapeMd(fmt(energy.co2eKg))} kg CO2e (measured GPU power)`);
  return lines.join('\n');
}

/** Numbers as people read them in a narrow tree: 4 significant digits, no float noise. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * What changed between two trees, so the view refreshes only those nodes.
 * Trials are listed even under rungs that are refreshed themselves: VS Code
 * re-fetches a refreshed node's children but keeps the rendered items of
 * children it already knows, so a changed trial must be named to be redrawn.
 */
export interface TreeChange {
  /** The rung list itself changed (a rung appeared): refresh the run node. */
  readonly structure: boolean;
  /** Rungs whose label, counts or members changed. */
  readonly rungs: readonly number[];
  /** Trial rows to redraw, as [rung, trial]: every rung a changed trial appears under. */
  readonly trials: readonly (readonly [number, string])[];
}

export function diffRunTree(before: RunTree | undefined, after: RunTree, changedTrials: ReadonlySet<string>): TreeChange {
  if (!before || before.rungs.length !== after.rungs.length) return { structure: true, rungs: [], trials: [] };
  const rungs: number[] = [];
  for (let k = 0; k < after.rungs.length; k++) {
    const a = before.rungs[k] as RungGroup;
    const b = after.rungs[k] as RungGroup;
    if (a.description !== b.description || a.trials.length !== b.trials.length) rungs.push(k);
  }
  const trials: [number, string][] = [];
  for (const id of changedTrials) {
    const h = after.home.get(id);
    if (h === undefined) continue;
    for (let k = 0; k <= h; k++) trials.push([k, id]);
  }
  return { structure: false, rungs, trials };
}
