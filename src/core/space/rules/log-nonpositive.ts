import { asBoolean, fieldOf } from '../ast';
import { error, type Diagnostic } from '../diagnostic';
import { nodeSpan } from '../parse';
import { rangeParams } from './ranges';
import type { Rule } from './rule';

export const logNonpositive: Rule = ({ doc }) => {
  const out: Diagnostic[] = [];
  for (const p of rangeParams(doc)) {
    const log = p.kind === 'loguniform' || asBoolean(fieldOf(doc, p.value, 'log')) === true;
    if (!log || p.low > 0) continue;
    const suggestion = p.high > 0 ? ` e.g. [${p.kind === 'int' ? 1 : Number((p.high / 1000).toPrecision(2))}, ${p.high}]` : '';
    out.push(error('log-nonpositive', nodeSpan(p.lowNode), `A log-scaled '${p.name}' needs lo > 0 (log of ${p.low} is undefined); start the range above zero,${suggestion} or use uniform.`));
  }
  return out;
};
