import { isMap, isScalar, isSeq, type Node, type YAMLSeq } from 'yaml';
import { fieldOf, kindOf, nodeAt, seqItems } from '../ast';
import { error, type Diagnostic, type Fix, type Span } from '../diagnostic';
import { DISTRIBUTIONS, isParameterName, PARAMETER_KEYS } from '../keys';
import { deref, keyName, keySpan, nodeSpan, pairsOf } from '../parse';
import { nearest } from '../suggest';
import type { Rule } from './rule';

/**
 * The shape of each parameter: exactly one known distribution key, its
 * arguments ([lo, hi] numbers, or a list of scalar values), valid modifiers
 * and a valid name.
 */
export const badDistribution: Rule = ({ doc, file }) => {
  const out: Diagnostic[] = [];
  for (const pair of pairsOf(nodeAt(doc, ['space']))) {
    const name = keyName(pair);
    const nameSpan = keySpan(pair);
    if (name === undefined || !isParameterName(name)) {
      out.push(error('bad-name', nameSpan, `Parameter names are identifiers such as 'lr' or 'model.encoder.layers' (letters, digits, _ and dots, not starting with a digit).`));
    }
    const value = deref(doc, pair.value);
    if (isSeq(value)) {
      out.push(error('bad-distribution', nodeSpan(value), `Parameter '${name}' is a bare list; write {choice: [...]} for a categorical or {uniform: [lo, hi]} for a range.`,
        asChoice(value, file.text)));
      continue;
    }
    if (value === undefined || (isScalar(value) && value.value === null)) {
      out.push(error('bad-distribution', nameSpan, `Parameter '${name}' has no value; give a distribution such as {uniform: [0, 1]} or a constant.`));
      continue;
    }
    if (!isMap(value)) continue;
    const keys = pairsOf(value);
    const dists = keys.filter((p) => (DISTRIBUTIONS as readonly string[]).includes(keyName(p) ?? ''));
    for (const p of keys) {
      const k = keyName(p);
      if (k !== undefined && k in PARAMETER_KEYS) continue;
      const span = keySpan(p);
      const guess = k === undefined ? undefined : nearest(k, Object.keys(PARAMETER_KEYS));
      out.push(error('bad-distribution', span, `Unknown ${k === undefined ? 'key' : `key '${k}'`} in parameter '${name}'.${guess ? ` Did you mean '${guess}'?` : ''} Distributions: ${DISTRIBUTIONS.join(', ')}; modifiers: step, log, when.`,
        guess ? [{ title: `Replace with '${guess}'`, edits: [{ span, newText: guess }], preferred: true }] : undefined));
    }
    if (dists.length === 0) {
      if (keys.every((p) => keyName(p) !== undefined && keyName(p) as string in PARAMETER_KEYS)) {
        out.push(error('bad-distribution', nameSpan, `Parameter '${name}' names no distribution; add one of ${DISTRIBUTIONS.join(', ')}.`));
      }
      continue;
    }
    if (dists.length > 1) {
      out.push(error('bad-distribution', keySpan(dists[1] as typeof dists[number]), `Parameter '${name}' has ${dists.length} distributions (${dists.map(keyName).join(', ')}); keep exactly one.`));
      continue;
    }
    const kind = keyName(dists[0] as typeof dists[number]) as string;
    const args = fieldOf(doc, value, kind);
    const argSpan = nodeSpan(args, keySpan(dists[0] as typeof dists[number]));
    if (!isSeq(args)) continue; // wrong-type reports it
    const items = seqItems(doc, args);
    if (kind === 'choice' || kind === 'ordinal') {
      items.forEach((item, i) => {
        const k = kindOf(item);
        if (k === 'map' || k === 'list' || k === 'null' || k === 'unknown') {
          // Point at the value as written (an alias, not the anchor it stands for).
          out.push(error('bad-distribution', nodeSpan(args.items[i] as Node, argSpan), `Values of a ${kind} are numbers, strings or booleans; quote structured values as strings.`));
        }
      });
      for (const mod of ['step', 'log']) {
        const m = pairsOf(value).find((p) => keyName(p) === mod);
        if (m) out.push(error('bad-distribution', keySpan(m), `'${mod}' applies to numeric ranges, not to a ${kind}; remove it.`));
      }
      continue;
    }
    if (items.length !== 2 || items.some((i) => kindOf(i) !== 'integer' && kindOf(i) !== 'number')) {
      out.push(error('bad-distribution', argSpan, `${kind} takes two numbers [lo, hi], e.g. ${kind === 'int' ? '[1, 8]' : kind === 'loguniform' ? '[1.0e-5, 1.0e-2]' : '[0.0, 1.0]'}.`));
      continue;
    }
    if (kind === 'int' && items.some((i) => kindOf(i) !== 'integer')) {
      out.push(error('bad-distribution', argSpan, `int takes whole numbers; use uniform for real values.`));
    }
    const log = fieldOf(doc, value, 'log');
    if (log && kind === 'loguniform') {
      out.push(error('bad-distribution', nodeSpan(log), `loguniform is already log-scaled; remove 'log'.`));
    }
  }
  return out;
};

/**
 * The bare list rewritten as `{choice: [...]}` from its items as written. A
 * block list becomes a flow list (wrapping `- a` lines in braces is not YAML);
 * lists holding anything but scalars get no fix.
 */
function asChoice(list: YAMLSeq, text: string): Fix[] | undefined {
  if (list.items.length === 0 || !list.items.every((i) => isScalar(i))) return undefined;
  const spans = list.items.map((i) => nodeSpan(i as Node));
  const items = spans.map((sp) => text.slice(sp.start, sp.end).trim());
  // A flow list is replaced whole; a block list up to its last item, so a comment after it stays.
  const end = list.flow ? nodeSpan(list).end : (spans[spans.length - 1] as Span).end;
  return [{ title: 'Make it a choice', edits: [{ span: { start: nodeSpan(list).start, end }, newText: `{choice: [${items.join(', ')}]}` }], preferred: true }];
}
