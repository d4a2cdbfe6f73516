import { isMap, isScalar } from 'yaml';
import { fieldOf, nodeAt, seqItems } from '../ast';
import { error, type Diagnostic, type Fix, type Span } from '../diagnostic';
import { keyName, nodeSpan, pairsOf } from '../parse';
import type { Rule } from './rule';

/**
 * `space` and `objectives` are required; so is `command`, unless a table is
 * replayed. A host mapping needs `host` and a failure rule needs `pattern` and
 * `action`; without them the entry would be silently ignored.
 */
export const missingKey: Rule = ({ doc, file }) => {
  const root = doc.contents;
  const at: Span = { start: 0, end: file.lines.lineEnd(0) };
  // An empty file, or one with only comments, is a study with nothing in it yet: say what to add.
  const empty = root === null || (isScalar(root) && root.value === null && (root.range?.[0] ?? 0) === (root.range?.[1] ?? 0));
  if (!isMap(root) && !empty) {
    const span = root?.range ? { start: root.range[0], end: root.range[1] } : at;
    return [error('missing-key', span, 'A study file is a mapping with at least `command`, `space` and `objectives`; see docs/space-language.md.')];
  }
  const present = new Set(pairsOf(root).map(keyName));
  const end = file.text.length;
  const nl = end > 0 && !/[\r\n]$/.test(file.text) ? '\n' : '';
  const append = (title: string, text: string): Fix[] => [{ title, edits: [{ span: { start: end, end }, newText: nl + text }] }];
  const out: Diagnostic[] = [];
  if (!present.has('space')) {
    out.push(error('missing-key', at, 'The study has no `space`: add the parameters to search, e.g. `space: {lr: {loguniform: [1.0e-4, 1.0e-2]}}`.',
      append('Add a `space` section', 'space:\n  lr: {loguniform: [1.0e-4, 1.0e-2]}\n')));
  }
  if (!present.has('objectives')) {
    out.push(error('missing-key', at, 'The study has no `objectives`: say what to optimise, e.g. `objectives: {loss: {mode: min}}`.',
      append('Add an `objectives` section', 'objectives:\n  loss: {mode: min}\n')));
  }
  if (!present.has('command') && !present.has('table')) {
    out.push(error('missing-key', at, 'The study has no `command`: give the command a trial runs, e.g. `command: python train.py --lr {lr}` (or `table:` to replay a recorded table).',
      append('Add a `command`', 'command: python train.py\n')));
  }
  for (const item of seqItems(doc, nodeAt(doc, ['hosts']))) {
    if (isMap(item) && !fieldOf(doc, item, 'host')) {
      out.push(error('missing-key', nodeSpan(item), 'This host has no `host`: name the machine, e.g. `{host: gpu2.lab, user: me}`.'));
    }
  }
  for (const item of seqItems(doc, nodeAt(doc, ['failures']))) {
    if (!isMap(item)) continue;
    const absent = ['pattern', 'action'].filter((k) => !fieldOf(doc, item, k));
    if (absent.length > 0) {
      out.push(error('missing-key', nodeSpan(item), `This failure rule has no ${absent.map((k) => `\`${k}\``).join(' and ')}: write e.g. {pattern: 'CUDA out of memory', action: discard}.`));
    }
  }
  return out;
};
