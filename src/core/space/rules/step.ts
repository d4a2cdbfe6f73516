import { asNumber, fieldOf } from '../ast';
import { error, type Diagnostic } from '../diagnostic';
import { nodeSpan } from '../parse';
import { rangeParams } from './ranges';
import type { Rule } from './rule';

/** step-too-large, plus steps that are not positive or not whole for int parameters. */
export const stepSize: Rule = ({ doc }) => {
  const out: Diagnostic[] = [];
  for (const p of rangeParams(doc)) {
    const node = fieldOf(doc, p.value, 'step');
    const step = asNumber(node);
    if (step === undefined || p.low >= p.high) continue;
    const span = nodeSpan(node);
    if (step <= 0) out.push(error('bad-value', span, `step of '${p.name}' must be positive.`));
    else if (p.kind === 'int' && !Number.isInteger(step)) out.push(error('bad-value', span, `step of the int parameter '${p.name}' must be a whole number.`));
    else if (step > p.high - p.low) out.push(error('step-too-large', span, `step ${step} is larger than the range of '${p.name}' (${p.high} - ${p.low} = ${p.high - p.low}), so only lo could ever be used; use a step of at most ${p.high - p.low}.`));
  }
  return out;
};
