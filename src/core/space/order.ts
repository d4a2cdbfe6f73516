/**
 * The order in which parameters can be decided: a parameter comes after every
 * parameter its `when` condition reads, so its activity is known when it is
 * reached. Ties keep the declaration order, so the order is stable.
 */
import { conditionNames } from './condition';
import type { Parameter } from './model';

export class ConditionCycleError extends Error {
  constructor(readonly names: readonly string[]) {
    super(`The conditions of ${names.map((n) => `'${n}'`).join(' -> ')} depend on each other in a cycle; make one of them unconditional.`);
  }
}

/** Names a parameter's condition reads (unknown names and itself excluded). */
export function dependenciesOf(p: Parameter, known: ReadonlySet<string>): string[] {
  const condition = p.when?.condition;
  if (!condition) return [];
  const names = conditionNames(condition).map((r) => r.name).filter((n) => n !== p.name && known.has(n));
  return [...new Set(names)];
}

/**
 * Each parameter list's order, computed once: a space's lists never change,
 * and model-based searchers decode and encode thousands of configs per proposal.
 */
const orders = new WeakMap<readonly Parameter[], readonly Parameter[]>();

/** Parameters in dependency order; throws ConditionCycleError on a cycle. */
export function parameterOrder(params: readonly Parameter[]): readonly Parameter[] {
  const cached = orders.get(params);
  if (cached) return cached;
  const order = dependencyOrder(params);
  orders.set(params, order);
  return order;
}

function dependencyOrder(params: readonly Parameter[]): Parameter[] {
  const byName = new Map(params.map((p) => [p.name, p]));
  const known = new Set(byName.keys());
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Parameter[] = [];
  const visit = (p: Parameter, trail: string[]): void => {
    const s = state.get(p.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new ConditionCycleError([...trail.slice(trail.indexOf(p.name)), p.name]);
    state.set(p.name, 'visiting');
    for (const d of dependenciesOf(p, known)) visit(byName.get(d) as Parameter, [...trail, p.name]);
    state.set(p.name, 'done');
    out.push(p);
  };
  for (const p of params) visit(p, []);
  return out;
}
