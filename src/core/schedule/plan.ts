/**
 * Rung plans: how many trials reach each rung and with what budget, for
 * successive halving (ASHA) and Hyperband (Li et al. 2017, 2020). Used by
 * hovers, `rung plan`, and the schedulers' own rung boundaries.
 */

export interface RungRow {
  /** Rung index within the bracket (0 = first). */
  readonly rung: number;
  /** Trials that run at this rung. */
  readonly trials: number;
  /** Budget (resource) each of them reaches at this rung. */
  readonly resource: number;
}

export interface Bracket {
  /** Hyperband's s; 0 for plain successive halving. */
  readonly s: number;
  readonly rows: readonly RungRow[];
  /** Resource units trained when every trial resumes from its checkpoint (promotion). */
  readonly cost: number;
}

export interface PlanInput {
  readonly type: 'fifo' | 'asha' | 'hyperband';
  readonly min: number;
  readonly max: number;
  readonly reduction: number;
  readonly brackets?: number;
  /** Trials started at the first rung (ASHA; default reduction^(rungs-1)). */
  readonly trials?: number;
}

/** Rung budgets min * eta^k for k = 0.. while <= max (with a small tolerance for float error). */
export function rungLevels(min: number, max: number, eta: number): number[] {
  if (!(min > 0) || !(max >= min) || !(eta >= 2)) return [];
  const levels: number[] = [];
  for (let r = min; r <= max * (1 + 1e-9); r *= eta) {
    levels.push(round(r));
    if (levels.length > 64) break;
  }
  return levels;
}

/**
 * The levels min * eta^k below max, then max itself: when max is not on the
 * geometric ladder, trials still finish at max rather than at the last level
 * under it, and reaching max from that level is one more rung. The
 * schedulers and the ASHA plan both use it.
 */
export function rungLadder(min: number, max: number, eta: number): number[] {
  const levels = rungLevels(min, max, eta);
  return levels.length === 0 ? [] : [...levels.filter((r) => r < max * (1 - 1e-9)), max];
}

function round(x: number): number {
  return Math.abs(x - Math.round(x)) < 1e-9 ? Math.round(x) : Number(x.toPrecision(12));
}

/** The successive-halving table of one bracket starting with n trials at budget r0. */
function halving(n: number, levels: readonly number[], eta: number, s: number): Bracket {
  const rows: RungRow[] = [];
  let cost = 0;
  let previous = 0;
  levels.forEach((resource, rung) => {
    const trials = Math.floor(n / eta ** rung);
    if (trials < 1) return;
    rows.push({ rung, trials, resource });
    cost += trials * (resource - previous);
    previous = resource;
  });
  return { s, rows, cost };
}

/**
 * Hyperband brackets over the rung ladder (rungLadder): s_max = rungs - 1,
 * which is floor(log_eta R) when max lies on min * eta^k. When it does not,
 * max is one more rung, so the most aggressive bracket starts eta^s_max
 * trials and every bracket still ends with at least one trial trained to max,
 * exactly as the scheduler runs it.
 */
export function hyperbandBrackets(min: number, max: number, eta: number, limit?: number): Bracket[] {
  const ladder = rungLadder(min, max, eta);
  if (ladder.length === 0) return [];
  const sMax = ladder.length - 1;
  const brackets: Bracket[] = [];
  const count = Math.min(limit ?? sMax + 1, sMax + 1);
  for (let s = sMax; s > sMax - count; s--) {
    const n = Math.ceil(((sMax + 1) / (s + 1)) * eta ** s);
    brackets.push(halving(n, ladder.slice(sMax - s), eta, s));
  }
  return brackets;
}

export function plan(input: PlanInput): Bracket[] {
  const { min, max, reduction: eta } = input;
  if (input.type === 'fifo') {
    const n = input.trials ?? 1;
    return max > 0 ? [{ s: 0, rows: [{ rung: 0, trials: n, resource: max }], cost: n * max }] : [];
  }
  if (input.type === 'hyperband') return hyperbandBrackets(min, max, eta, input.brackets);
  const levels = rungLadder(min, max, eta);
  if (levels.length === 0) return [];
  const n = input.trials ?? eta ** (levels.length - 1);
  return [halving(n, levels, eta, 0)];
}

/** A plain-text table of a plan, for `rung plan` and hovers. */
export function formatPlan(input: PlanInput, resourceName = 'resource'): string {
  const brackets = plan(input);
  if (brackets.length === 0) return 'No rungs: check min > 0, max >= min and reduction >= 2.';
  const lines: string[] = [];
  if (input.type === 'fifo') {
    const b = brackets[0] as Bracket;
    return `FIFO: ${b.rows[0]?.trials} trial(s), each trained to ${input.max} ${resourceName}; no early stopping.`;
  }
  for (const b of brackets) {
    const header = input.type === 'hyperband' ? `bracket s=${b.s}` : 'successive halving';
    lines.push(`${header}:`);
    lines.push(`  rung  trials  ${resourceName}`);
    for (const r of b.rows) lines.push(`  ${String(r.rung).padStart(4)}  ${String(r.trials).padStart(6)}  ${r.resource}`);
    const full = (b.rows[0]?.trials ?? 0) * input.max;
    lines.push(`  cost ${round(b.cost)} ${resourceName} (vs ${round(full)} training all ${b.rows[0]?.trials} to ${input.max})`);
  }
  return lines.join('\n');
}
