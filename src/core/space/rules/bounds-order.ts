import { error, type Diagnostic } from '../diagnostic';
import { nodeSpan } from '../parse';
import { rangeParams } from './ranges';
import type { Rule } from './rule';

export const boundsOrder: Rule = ({ doc, file }) => {
  const out: Diagnostic[] = [];
  for (const p of rangeParams(doc)) {
    if (p.low < p.high) continue;
    const lo = nodeSpan(p.lowNode);
    const hi = nodeSpan(p.highNode);
    const text = (s: { start: number; end: number }) => file.text.slice(s.start, s.end);
    const fix = p.low > p.high
      ? [{ title: 'Swap the bounds', edits: [{ span: lo, newText: text(hi) }, { span: hi, newText: text(lo) }], preferred: true }]
      : undefined;
    out.push(error('bounds-order', nodeSpan(p.args), p.low === p.high
      ? `'${p.name}' has lo = hi = ${p.low}: that is a constant; write '${p.name}: ${p.low}' or widen the range.`
      : `'${p.name}' has lo (${p.low}) above hi (${p.high}); write [${p.high}, ${p.low}].`, fix));
  }
  return out;
};
