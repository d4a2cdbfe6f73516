/**
 * Orders the results at a rung from best to worst. One objective: by value.
 * Several: by non-dominated front, and within a front by crowding distance,
 * as the multi-objective ASHA of NMT tuning does with BLEU and decoding time,
 * so that promotions favour the Pareto front and spread along it.
 */
import { crowdingDistances } from '../pareto/crowding';
import { nondominatedSort, toMinimisation, type Mode } from '../pareto/nondominated';

export interface Placement {
  /** Index of the entry in the ranked list. */
  readonly index: number;
  /** False when the entry lacks a value (or has NaN) for an objective others report: it ranks last. */
  readonly complete: boolean;
}

/**
 * Entries best first. Ties keep input order, so callers pass entries in a
 * stable order (creation order) and decisions stay reproducible.
 *
 * An objective that no entry reports is left out rather than making every
 * entry incomplete: a metric measured elsewhere (or not yet) must not stall
 * the ranking on the objectives that are known.
 */
export function rankEntries(entries: readonly (readonly (number | undefined)[])[], modes: readonly Mode[]): Placement[] {
  const usable = (v: number | undefined): v is number => v !== undefined && !Number.isNaN(v);
  const known = modes.map((_, m) => entries.some((e) => usable(e[m])));
  const used = modes.map((_, m) => m).filter((m) => known[m]);
  const complete: number[] = [];
  const incomplete: number[] = [];
  entries.forEach((e, i) => (used.length > 0 && used.every((m) => usable(e[m])) ? complete : incomplete).push(i));
  const vectors = complete.map((i) => toMinimisation(used.map((m) => (entries[i] as readonly number[])[m] as number), used.map((m) => modes[m] as Mode)));
  const order = used.length === 1 ? bySingleValue(vectors) : byFrontAndCrowding(vectors);
  return [
    ...order.map((k) => ({ index: complete[k] as number, complete: true })),
    ...incomplete.map((index) => ({ index, complete: false })),
  ];
}

function bySingleValue(vectors: readonly (readonly number[])[]): number[] {
  return [...vectors.keys()].sort((a, b) => ((vectors[a] as readonly number[])[0] as number) - ((vectors[b] as readonly number[])[0] as number) || a - b);
}

function byFrontAndCrowding(vectors: readonly (readonly number[])[]): number[] {
  const order: number[] = [];
  for (const front of nondominatedSort(vectors)) {
    const crowding = crowdingDistances(vectors, front);
    const slots = [...front.keys()].sort((a, b) => compareDesc(crowding[a] as number, crowding[b] as number) || (front[a] as number) - (front[b] as number));
    for (const s of slots) order.push(front[s] as number);
  }
  return order;
}

/** Larger first; two infinities are a tie (unlike Infinity - Infinity, which is NaN). */
function compareDesc(a: number, b: number): number {
  return a === b ? 0 : a > b ? -1 : 1;
}
