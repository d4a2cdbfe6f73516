/**
 * Finds the config that maximises an acquisition over a mixed space: many
 * seeded random candidates, then a local search from the best of them and
 * from the best observed configs. Every candidate is decoded to a config and
 * encoded again, so discrete values snap to their buckets, inactive
 * parameters get their neutral coordinate, and the acquisition always scores
 * a config that can actually run; where the backend replaces proposals (a
 * table's rows), the candidate is also resolved to what it would run as, and
 * that is what is scored, compared with the tried configs and returned.
 * Configs already tried (by `configKey`) are never returned.
 */
import type { Random } from '../../random';
import { axisOf, type Axis } from '../../space/axis';
import { configKey, type Config } from '../../space/config';
import type { EncodedConfig, SpaceEncoder } from '../../space/encode';

export interface AcquisitionSearch {
  readonly encoder: SpaceEncoder;
  readonly score: (x: EncodedConfig) => number;
  /**
   * A cheap upper bound of `score`. Candidates are scored exactly only while
   * their bound can still beat what they compete with (branch and bound), so
   * the search returns what scoring every candidate would, for a fraction of
   * the exact scores.
   */
  readonly upper: (x: EncodedConfig) => number;
  readonly tried: ReadonlySet<string>;
  /** Observed configs worth searching around, best first. */
  readonly incumbents: readonly EncodedConfig[];
  /** What a config runs as; the identity where the backend runs any config. */
  readonly resolve: (config: Config) => Config;
  readonly rng: Random;
}

const RANDOM_CANDIDATES = 512;
const LOCAL_STARTS = 3;
/** Discrete dimensions with at most this many values are searched value by value; larger ones by steps. */
const ENUMERATED_VALUES = 16;
const INITIAL_STEP = 0.1;
const FINAL_STEP = 2e-3;
/** Bounds a climb's moves; each accepted move strictly improves, so this only caps the work. */
const MAX_ROUNDS = 30;

interface Candidate {
  readonly config: Config;
  readonly key: string;
  readonly x: EncodedConfig;
  readonly upper: number;
  /** The exact score, once computed. */
  score?: number;
}

export function maximiseAcquisition(search: AcquisitionSearch): Config | undefined {
  const { encoder, rng, tried } = search;
  const dims = encoder.dimensions.length;
  const axes = encoder.dimensions.map((d) => axisOf(d.parameter));
  const scored = new Map<string, Candidate>();
  // Proposal key -> what it runs as; many proposals resolve to one row, which is scored once.
  const resolved = new Map<string, Candidate | undefined>();
  const candidate = (u: readonly number[]): Candidate | undefined => {
    const proposal = encoder.decode(u);
    const proposalKey = configKey(proposal);
    if (resolved.has(proposalKey)) return resolved.get(proposalKey);
    const config = search.resolve(proposal);
    const key = config === proposal ? proposalKey : configKey(config);
    let c: Candidate | undefined;
    if (!tried.has(key)) {
      c = scored.get(key);
      if (!c) {
        const x = encoder.encode(config);
        c = { config, key, x, upper: search.upper(x) };
        scored.set(key, c);
      }
    }
    resolved.set(proposalKey, c);
    return c;
  };
  const exact = (c: Candidate): number => (c.score ??= search.score(c.x));

  const random: Candidate[] = [];
  for (let i = 0; i < RANDOM_CANDIDATES; i++) {
    const c = candidate(Array.from({ length: dims }, () => rng.float()));
    if (c) random.push(c);
  }
  // The best LOCAL_STARTS by exact score: once a bound cannot beat the last of them, neither can any later one.
  random.sort((a, b) => b.upper - a.upper);
  const top: Candidate[] = [];
  for (const c of random) {
    if (top.length >= LOCAL_STARTS && c.upper <= exact(top[top.length - 1] as Candidate)) break;
    exact(c);
    top.push(c);
    top.sort((a, b) => exact(b) - exact(a));
    if (top.length > LOCAL_STARTS) top.pop();
  }
  const starts: EncodedConfig[] = [...top.map((c) => c.x), ...search.incumbents];
  for (const start of starts) climb(start.u, axes, candidate, exact);

  let best: Candidate | undefined;
  for (const c of scored.values()) {
    if (c.score !== undefined && (!best || c.score > (best.score as number))) best = c;
  }
  return best?.config;
}

/**
 * Coordinate ascent: each round tries, for every dimension, every value of a
 * small discrete one (a categorical may jump to any of its values) or a step
 * either way along an ordered one, and takes the best move; the step halves
 * when no move helps. The start itself may be a tried config: its
 * neighbours are still fair game. Moves are scored exactly in the order of
 * their bounds, and only while a bound beats the best move so far.
 */
function climb(start: readonly number[], axes: readonly Axis[], candidate: (u: readonly number[]) => Candidate | undefined, exact: (c: Candidate) => number): void {
  let u = start.slice();
  const first = candidate(u);
  let current = first ? exact(first) : -Infinity;
  let step = INITIAL_STEP;
  for (let round = 0; round < MAX_ROUNDS && step >= FINAL_STEP; round++) {
    const moves: { u: number[]; c: Candidate }[] = [];
    for (let d = 0; d < axes.length; d++) {
      for (const value of movesAlong(axes[d] as Axis, u[d] as number, step)) {
        const moved = u.slice();
        moved[d] = value;
        const c = candidate(moved);
        if (c && c.upper > current) moves.push({ u: moved, c });
      }
    }
    moves.sort((a, b) => b.c.upper - a.c.upper);
    let bestMove: { u: number[]; score: number } | undefined;
    for (const m of moves) {
      if (m.c.upper <= (bestMove?.score ?? current)) break;
      const score = exact(m.c);
      if (score > (bestMove?.score ?? current)) bestMove = { u: m.u, score };
    }
    if (bestMove) {
      u = bestMove.u;
      current = bestMove.score;
    } else {
      step /= 2;
    }
  }
}

function movesAlong(axis: Axis, at: number, step: number): number[] {
  if (axis.size <= ENUMERATED_VALUES) return Array.from({ length: axis.size }, (_, k) => axis.toUnit(axis.valueAt(k)));
  // Ordered axes with many values: a step either way, at least one bucket so a discrete value changes.
  const stride = Number.isFinite(axis.size) ? Math.max(step, 1 / axis.size) : step;
  return [Math.max(0, at - stride), Math.min(1, at + stride)];
}
