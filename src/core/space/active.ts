/** Which parameters exist for a given set of values, following `when` conditions in dependency order. */
import { evaluateCondition } from './condition';
import type { Config } from './config';
import type { Parameter, Scalar } from './model';
import { parameterOrder } from './order';
import { SpaceError } from './axis';

/**
 * The parameters that are active for these values, in declaration order. A
 * parameter is active when it has no condition or its condition holds over the
 * values of the parameters that are themselves active; a value given for an
 * inactive parameter is ignored, so deactivation cascades down a chain of conditions.
 */
export function activeParameters(params: readonly Parameter[], values: Readonly<Record<string, Scalar | undefined>>): Parameter[] {
  const active = new Set<string>();
  const seen: Record<string, Scalar | undefined> = {};
  for (const p of parameterOrder(params)) {
    if (!isActive(p, seen)) continue;
    active.add(p.name);
    seen[p.name] = values[p.name];
  }
  return params.filter((p) => active.has(p.name));
}

/**
 * Builds a config by asking `valueOf` for each active parameter, in dependency
 * order (so a condition sees the values it reads); keys follow declaration order.
 */
export function resolveConfig(params: readonly Parameter[], valueOf: (p: Parameter) => Scalar): Config {
  const seen: Record<string, Scalar> = {};
  for (const p of parameterOrder(params)) {
    if (isActive(p, seen)) seen[p.name] = valueOf(p);
  }
  const config: Config = {};
  for (const p of params) if (p.name in seen) config[p.name] = seen[p.name] as Scalar;
  return config;
}

export function isActive(p: Parameter, values: Readonly<Record<string, Scalar | undefined>>): boolean {
  if (!p.when) return true;
  if (!p.when.condition) throw new SpaceError(`The condition of '${p.name}' ("${p.when.text}") does not parse; fix it (run rung check) before sampling.`);
  return evaluateCondition(p.when.condition, values);
}
