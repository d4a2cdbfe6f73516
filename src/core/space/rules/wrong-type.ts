import { isScalar, type Node } from 'yaml';
import { kindOf } from '../ast';
import { error, type Diagnostic, type Span } from '../diagnostic';
import type { KeySpec, ValueKind } from '../keys';
import { keySpan } from '../parse';
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

/** Values of the wrong shape, enum values out of their set, and numbers below their minimum; list items included. */
export const wrongType: Rule = ({ doc }) => {
  const out: Diagnostic[] = [];
  walkKnownKeys(doc, ({ pair, name, path, spec, value, valueSpan }) => {
    if (!spec || name === undefined) return;
    // Modes, objectives and parameter values have codes of their own (bad-mode, bad-distribution).
    if (path[0] === 'objectives' && (name === 'mode' || path.length === 1)) return;
    // An empty `objectives:` is no-objective's.
    if (path.length === 0 && name === 'objectives' && kindOf(value) === 'null') return;
    if (path.length === 1 && path[0] === 'space') return;
    out.push(...checkValue([...path, name].join('.'), value, spec, valueSpan ?? keySpan(pair), keySpan(pair)));
  }, ({ item, path, spec, span }) => {
    out.push(...checkValue(`${path.slice(0, -1).join('.')}[${path[path.length - 1]}]`, item, spec, span, span));
  });
  return out;
};

/** `span` is where the value is written; `whereEmpty` where to point when there is no value. */
function checkValue(key: string, value: Node | undefined, spec: KeySpec, span: Span, whereEmpty: Span): Diagnostic[] {
  const actual = kindOf(value);
  const words = spec.kinds.map((k) => WORDS[k]);
  const want = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words.join('');
  if (actual === 'null' || value === undefined) {
    return [error('wrong-type', whereEmpty, `'${key}' has no value; give it ${want}.`)];
  }
  if (!accepts(spec.kinds, actual)) {
    const example = spec.values ? ` (one of ${spec.values.join(', ')})` : '';
    const got = isScalar(value) && (actual === 'number' || actual === 'string') ? `${JSON.stringify(value.value)}` : WORDS[actual as ValueKind] ?? actual;
    return [error('wrong-type', span, `'${key}' must be ${want}${example}, not ${got}.`)];
  }
  if (spec.values && isScalar(value) && typeof value.value === 'string' && !spec.values.includes(value.value)) {
    const guess = nearest(value.value, spec.values);
    return [error('wrong-type', span, `'${key}' must be one of ${spec.values.join(', ')}, not '${value.value}'.${guess ? ` Did you mean '${guess}'?` : ''}`,
      guess ? [{ title: `Replace with '${guess}'`, edits: [{ span, newText: guess }], preferred: true }] : undefined)];
  }
  if (spec.minimum !== undefined && isScalar(value) && typeof value.value === 'number' && value.value < spec.minimum) {
    return [error('bad-value', span, `'${key}' must be at least ${spec.minimum}, not ${value.value}.`)];
  }
  return [];
}
