import { error, type Diagnostic } from '../diagnostic';
import type { Rule } from './rule';

export const gridInfinite: Rule = ({ study }) => {
  if (study.searcher !== 'grid') return [];
  const out: Diagnostic[] = [];
  for (const p of study.parameters) {
    const d = p.distribution;
    if (d.kind === 'uniform' && d.step === undefined) {
      out.push(error('grid-infinite', p.span, `Grid search cannot enumerate the continuous '${p.name}'; add a step (e.g. step: ${niceStep(d.high - d.low)}) or use choice.`));
    }
  }
  return out;
};

function niceStep(width: number): number {
  const raw = width / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  return Number((Math.round(raw / p) * p).toPrecision(2));
}
