import { error, type Diagnostic } from '../diagnostic';
import { keySpan } from '../parse';
import { nearest } from '../suggest';
import type { Rule } from './rule';
import { inParameter, walkKnownKeys } from './walk';

/** Keys Rung does not know, with the nearest known key as a quick fix. Parameter mappings are bad-distribution's job. */
export const unknownKey: Rule = ({ doc }) => {
  const out: Diagnostic[] = [];
  walkKnownKeys(doc, ({ pair, name, path, parent, spec }) => {
    // Parameter mappings, and parameter names (a number such as `7:` too), are bad-distribution's and bad-name's.
    if (spec || inParameter(path) || (path.length === 1 && path[0] === 'space')) return;
    const span = keySpan(pair);
    const where = path.length === 0 ? 'at the top level' : `in ${path.join('.')}`;
    if (name === undefined) {
      out.push(error('unknown-key', span, `Keys must be strings; quote this key or rename it.`));
      return;
    }
    const known = Object.keys(parent.keys ?? {});
    const guess = nearest(name, known);
    const list = known.length <= 12 ? ` Known keys: ${known.join(', ')}.` : '';
    out.push(error('unknown-key', span, `Unknown key '${name}' ${where}.${guess ? ` Did you mean '${guess}'?` : list}`,
      guess ? [{ title: `Replace with '${guess}'`, edits: [{ span, newText: guess }], preferred: true }] : undefined));
  });
  return out;
};
