import { isMap } from 'yaml';
import { error, type Diagnostic, type Fix, type Span } from '../diagnostic';
import { keyName, pairsOf } from '../parse';
import type { Rule } from './rule';

/** `space` and `objectives` are required; so is `command`, unless a table is replayed. */
export const missingKey: Rule = ({ doc, file }) => {
  const root = doc.contents;
  const at: Span = { start: 0, end: file.lines.lineEnd(0) };
  if (!isMap(root)) {
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
  return out;
};
