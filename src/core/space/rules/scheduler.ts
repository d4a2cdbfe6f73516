import { isMap } from 'yaml';
import { fieldOf, nodeAt } from '../ast';
import { error, warning, type Diagnostic } from '../diagnostic';
import { keyName, keySpan, nodeSpan, pairsOf } from '../parse';
import { captureGroups } from './objectives';
import { commandPlaceholders } from './command-source';
import type { Rule } from './rule';

/** asha-budget: min, max and reduction must make at least one rung. */
export const ashaBudget: Rule = ({ study, doc }) => {
  const s = study.scheduler;
  if (s.type === 'fifo') {
    const max = fieldOf(doc, nodeAt(doc, ['scheduler']), 'max');
    return s.max <= 0 && max ? [error('asha-budget', nodeSpan(max), 'max must be positive: it is the budget every trial trains to.')] : [];
  }
  const node = nodeAt(doc, ['scheduler']);
  const at = (k: string) => {
    const v = fieldOf(doc, node, k);
    return v ? nodeSpan(v) : isMap(node) ? keySpan(pairsOf(doc.contents).find((p) => keyName(p) === 'scheduler') as never) : s.span;
  };
  const out: Diagnostic[] = [];
  if (s.min <= 0) out.push(error('asha-budget', at('min'), `min must be positive (it is the budget of the first rung), not ${s.min}.`));
  else if (s.max < s.min) out.push(error('asha-budget', at('max'), `max (${s.max}) is below min (${s.min}), so there is no rung; raise max or lower min.`));
  if (s.reduction < 2) out.push(error('asha-budget', at('reduction'), `reduction must be at least 2 (3 is usual), not ${s.reduction}: with less, no trial is ever cut.`));
  return out;
};

/** asha-needs-resource: early stopping needs trials to know or report their budget. */
export const ashaNeedsResource: Rule = (ctx) => {
  const { study } = ctx;
  if (study.scheduler.type === 'fifo' || study.table || !study.command) return [];
  if (commandPlaceholders(ctx).some((p) => p.name === 'resource')) return [];
  if (study.objectives.some((o) => o.pattern && safeGroups(o.pattern.source) > 0)) return [];
  return [warning('asha-needs-resource', study.command.span,
    `${study.scheduler.type} gives each trial a budget in ${study.scheduler.resource}, but the command has no {resource} and no pattern reports progress; add e.g. --epochs {resource} so trials stop at their rung.`)];
};

function safeGroups(source: string): number {
  try { return captureGroups(source); } catch { return 0; }
}
