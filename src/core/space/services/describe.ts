/** Parameters, objectives and rung plans in words, for hovers and the outline. */
import { plan, type PlanInput } from '../../schedule/plan';
import type { Distribution, Parameter, Scalar, Scheduler } from '../model';

const show = (v: Scalar): string => (typeof v === 'string' ? v : String(v));

export function describeDistribution(d: Distribution): string {
  switch (d.kind) {
    case 'constant':
      return `constant ${show(d.value)} (substituted, never searched)`;
    case 'choice':
      return `one of ${d.values.map(show).join(', ')}`;
    case 'ordinal':
      return `one of ${d.values.map(show).join(' < ')} (ordered)`;
    case 'uniform':
    case 'int': {
      const what = d.kind === 'int' ? 'integer' : 'real';
      const scale = d.log ? 'log-uniform ' : d.kind === 'uniform' ? 'uniform ' : '';
      const step = d.step !== undefined ? `, step ${d.step}` : '';
      return `${scale}${what} in [${d.low}, ${d.high}]${step}`;
    }
  }
}

/** `lr: log-uniform real in [0.0001, 0.001]`, plus the condition that activates it. */
export function describeParameter(p: Parameter): string {
  const when = p.when ? `, active only when ${p.when.text}` : '';
  return `${p.name}: ${describeDistribution(p.distribution)}${when}`;
}

export function planInput(s: Scheduler, trials: number | undefined): PlanInput {
  return {
    type: s.type, min: s.min, max: s.max, reduction: s.reduction,
    ...(s.brackets !== undefined ? { brackets: s.brackets } : {}),
    ...(trials !== undefined ? { trials } : {}),
  };
}

/** The rung plan as markdown tables: one per Hyperband bracket, one for successive halving. */
export function planMarkdown(s: Scheduler, trials: number | undefined): string {
  const input = planInput(s, trials);
  const brackets = plan(input);
  const head = s.type === 'fifo'
    ? `**fifo** on ${s.resource}: every trial trains to ${s.max}; no early stopping.`
    : `**${s.type}** on ${s.resource}: min ${s.min}, max ${s.max}, reduction ${s.reduction}${s.type === 'asha' ? `, ${s.mode}` : ''}`;
  if (s.type === 'fifo') return head;
  if (brackets.length === 0) return `${head}\n\nNo rungs: check min > 0, max >= min and reduction >= 2.`;
  const parts = [head];
  for (const b of brackets) {
    const title = s.type === 'hyperband' ? `Bracket s=${b.s}` : `Successive halving${trials !== undefined ? ` (${trials} trials at the first rung, from budget.trials)` : ''}`;
    const rows = b.rows.map((r) => `| ${r.rung} | ${r.trials} | ${r.resource} |`);
    const full = (b.rows[0]?.trials ?? 0) * s.max;
    parts.push(`${title}\n\n| rung | trials | ${s.resource} |\n| ---: | ---: | ---: |\n${rows.join('\n')}\n\nCost ${round(b.cost)} ${s.resource} (training all ${b.rows[0]?.trials ?? 0} to ${s.max} would cost ${round(full)}).`);
  }
  return parts.join('\n\n');
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
