import { fieldOf, nodeAt, scalarValue } from '../ast';
import { error, type Diagnostic } from '../diagnostic';
import { nodeSpan } from '../parse';
import { parseDuration } from '../units';
import type { Rule } from './rule';

export const budgetUnit: Rule = ({ doc }) => {
  const wall = fieldOf(doc, nodeAt(doc, ['budget']), 'wall');
  const v = scalarValue(wall);
  if (typeof v !== 'string' && typeof v !== 'number') return [];
  const r = parseDuration(v);
  return 'problem' in r ? [error('budget-unit', nodeSpan(wall), `budget.wall: ${r.problem}.`) as Diagnostic] : [];
};
