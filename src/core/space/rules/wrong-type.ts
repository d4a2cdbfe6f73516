import { isScalar } from 'yaml';
import { kindOf } from '../ast';
import { error, type Diagnostic } from '../diagnostic';
import type { ValueKind } from '../keys';
import { keySpan, nodeSpan } from '../parse';
import { nearest } from '../suggest';
import type { Rule } from './rule';
import { walkKnownKeys } from './walk';

const WORDS: Readonly<Record<ValueKind, string>> = {
  string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', map: 'a mapping', list: 'a list',
};

function accepts(kinds: readonly ValueKind[], actual: string): boolean {
  if (actual === 'integer') return kinds.includes('integer') || kinds.includes('number');
  if (actual === 'number') return kinds.includes('number');
  return (kinds as readonly string[]).includes(actual);
}

/** Values of the wrong shape, enum values out of their set, and numbers below their minimum. */
export const wrongType: Rule = ({ doc }) => {
  const out: Diagnostic[] = [];
  walkKnownKeys(doc, ({ pair, name, path, spec, value }) => {
    if (!spec || name === undefined) return;
    const key = [...path, name].join('.');
    const span = value ? nodeSpan(value) : keySpan(pair);
    const actual = kindOf(value);
    // Modes and parameter values have codes of their own.
    if (path[0] === 'objectives' && name === 'mode') return;
    if (path.length === 1 && path[0] === 'space') return;
    if (actual === 'null' || value === undefined) {
      out.push(error('wrong-type', keySpan(pair), `'${key}' has no value; give it ${spec.kinds.map((k) => WORDS[k]).join(' or ')}.`));
      return;
    }
    if (!accepts(spec.kinds, actual)) {
      const want = spec.kinds.map((k) => WORDS[k]).join(' or ');
      const example = spec.values ? ` (one of ${spec.values.join(', ')})` : '';
      out.push(error('wrong-type', span, `'${key}' must be ${want}${example}, not ${actual === 'integer' || actual === 'number' ? 'a number' : WORDS[actual as ValueKind] ?? actual}.`));
      return;
    }
    if (spec.values && isScalar(value) && typeof value.value === 'string' && !spec.values.includes(value.value)) {
      const guess = nearest(value.value, spec.values);
      out.push(error('wrong-type', span, `'${key}' must be one of ${spec.values.join(', ')}, not '${value.value}'.${guess ? ` Did you mean '${guess}'?` : ''}`,
        guess ? [{ title: `Replace with '${guess}'`, edits: [{ span, newText: guess }], preferred: true }] : undefined));
      return;
    }
    if (spec.minimum !== undefined && isScalar(value) && typeof value.value === 'number' && value.value < spec.minimum) {
      out.push(error('bad-value', span, `'${key}' must be at least ${spec.minimum}, not ${value.value}.`));
    }
  });
  return out;
};
