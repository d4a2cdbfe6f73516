import { isMap, isScalar } from 'yaml';
import { fieldOf, nodeAt, seqItems } from '../ast';
import { error, type Diagnostic } from '../diagnostic';
import { BUILTIN_METRICS, OBJECTIVE_MODES } from '../keys';
import { keyName, keySpan, nodeSpan, pairsOf } from '../parse';
import { nearest } from '../suggest';
import type { Rule } from './rule';

/** no-objective and bad-mode. */
export const objectiveModes: Rule = ({ doc }) => {
  const out: Diagnostic[] = [];
  const objectives = nodeAt(doc, ['objectives']);
  const pair = pairsOf(doc.contents).find((p) => keyName(p) === 'objectives');
  if (pair && (objectives === undefined || (isScalar(objectives) && objectives.value === null) || (isMap(objectives) && objectives.items.length === 0))) {
    return [error('no-objective', keySpan(pair), 'objectives is empty: name at least one metric and whether to maximise or minimise it, e.g. `objectives: {bleu: {mode: max}}`.')];
  }
  for (const o of pairsOf(objectives)) {
    const name = keyName(o);
    // A metric is named by a string; unknown-key reports any other key.
    if (name === undefined) continue;
    const value = fieldOf(doc, objectives, name);
    if (!isMap(value)) {
      const span = value ? nodeSpan(value) : keySpan(o);
      const text = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
      const mode = text ? nearest(text.replace(/imi[sz]e$/, ''), OBJECTIVE_MODES) : undefined;
      out.push(error('bad-mode', span, `Objective '${name}' needs a mode: write \`${name}: {mode: max}\` or \`${name}: {mode: min}\`.`,
        mode ? [{ title: `Write {mode: ${mode}}`, edits: [{ span, newText: `{mode: ${mode}}` }], preferred: true }] : undefined));
      continue;
    }
    const modeNode = fieldOf(doc, value, 'mode');
    if (!modeNode) {
      out.push(error('bad-mode', keySpan(o), `Objective '${name}' has no mode; add mode: max or mode: min.`));
      continue;
    }
    const mode = isScalar(modeNode) ? modeNode.value : undefined;
    if (mode === 'max' || mode === 'min') continue;
    const text = String(mode);
    const guess = /^max/i.test(text) ? 'max' : /^min/i.test(text) ? 'min' : nearest(text, OBJECTIVE_MODES);
    out.push(error('bad-mode', nodeSpan(modeNode), `mode must be max or min, not '${text}'.`,
      guess ? [{ title: `Replace with '${guess}'`, edits: [{ span: nodeSpan(modeNode), newText: guess }], preferred: true }] : undefined));
  }
  return out;
};

/** Number of capture groups a regex source has (0 if it does not compile). */
export function captureGroups(source: string): number {
  return (new RegExp(`${source}|`).exec('') as RegExpExecArray).length - 1;
}

/** bad-pattern: objective and failure patterns must compile; objective patterns need a group for the value. */
export const badPattern: Rule = ({ study, doc }) => {
  const out: Diagnostic[] = [];
  for (const o of study.objectives) {
    if (!o.pattern) continue;
    if (o.builtin) {
      out.push(error('bad-pattern', o.pattern.span, `'${o.name}' is measured by Rung (${BUILTIN_METRICS[o.name]}); it takes no pattern.`));
      continue;
    }
    const problem = regexProblem(o.pattern.source, true);
    if (problem) out.push(error('bad-pattern', o.pattern.span, `The pattern of '${o.name}' ${problem}`));
  }
  for (const rule of seqItems(doc, nodeAt(doc, ['failures']))) {
    const node = fieldOf(doc, rule, 'pattern');
    const problem = isScalar(node) && typeof node.value === 'string' ? regexProblem(node.value, false) : undefined;
    if (problem && node) out.push(error('bad-pattern', nodeSpan(node), `This failure pattern ${problem}`));
  }
  return out;
};

function regexProblem(source: string, needsGroup: boolean): string | undefined {
  if (/\(\?P</.test(source)) return "uses Python's (?P<name>...) syntax; write (?<name>...).";
  try {
    new RegExp(source);
  } catch (e) {
    return `is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')}).`;
  }
  if (needsGroup && captureGroups(source) === 0) return 'has no capture group: wrap the number in parentheses, e.g. \'BLEU = ([0-9.]+)\'.';
  return undefined;
}
