/**
 * `when:` conditions: a small expression language over other parameters
 * (`==`, `!=`, `<`, `<=`, `>`, `>=`, `in`, `not in`, `and`, `or`, `not`,
 * parentheses, numbers, quoted strings, booleans and lists).
 */
import type { Scalar } from './model';

export type Condition =
  | { readonly type: 'or' | 'and'; readonly left: Condition; readonly right: Condition }
  | { readonly type: 'not'; readonly arg: Condition }
  | { readonly type: 'compare'; readonly op: CompareOp; readonly left: Condition; readonly right: Condition }
  | { readonly type: 'literal'; readonly value: Scalar }
  | { readonly type: 'list'; readonly items: readonly Condition[] }
  | { readonly type: 'name'; readonly name: string; readonly offset: number };

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export class ConditionError extends Error {
  constructor(message: string, readonly offset: number, readonly length: number) {
    super(message);
  }
}

interface Token {
  readonly kind: 'num' | 'str' | 'name' | 'op' | 'punct' | 'end';
  readonly text: string;
  readonly value?: Scalar;
  readonly offset: number;
}

const MAX_DEPTH = 64;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) { i++; continue; }
    const rest = src.slice(i);
    const num = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(rest);
    const prev = tokens[tokens.length - 1];
    const signAllowed = !prev || prev.kind === 'op' || (prev.kind === 'punct' && prev.text !== ')' && prev.text !== ']');
    if (num && (/[\d.]/.test(c) || signAllowed)) {
      tokens.push({ kind: 'num', text: num[0], value: Number(num[0]), offset: i });
      i += num[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new ConditionError(`unterminated string starting with ${c}`, i, src.length - i);
      tokens.push({ kind: 'str', text: src.slice(i, end + 1), value: src.slice(i + 1, end), offset: i });
      i = end + 1;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (word) {
      const w = word[0];
      if (w === 'and' || w === 'or' || w === 'not' || w === 'in') tokens.push({ kind: 'op', text: w, offset: i });
      else if (w === 'true' || w === 'True') tokens.push({ kind: 'str', text: w, value: true, offset: i });
      else if (w === 'false' || w === 'False') tokens.push({ kind: 'str', text: w, value: false, offset: i });
      else tokens.push({ kind: 'name', text: w, offset: i });
      i += w.length;
      continue;
    }
    const op = /^(==|!=|<=|>=|<|>)/.exec(rest);
    if (op) { tokens.push({ kind: 'op', text: op[0], offset: i }); i += op[0].length; continue; }
    if ('()[],'.includes(c)) { tokens.push({ kind: 'punct', text: c, offset: i }); i++; continue; }
    if (c === '=') throw new ConditionError("use '==' to compare, not '='", i, 1);
    throw new ConditionError(`unexpected '${c}'`, i, 1);
  }
  tokens.push({ kind: 'end', text: '', offset: src.length });
  return tokens;
}

/** Parses a condition; throws ConditionError with the offset of the problem. */
export function parseCondition(src: string): Condition {
  const tokens = tokenize(src);
  let pos = 0;
  let depth = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;
  const expect = (text: string): void => {
    const t = next();
    if (t.text !== text) throw new ConditionError(`expected '${text}'${t.kind === 'end' ? ' at the end' : ` but found '${t.text}'`}`, t.offset, Math.max(1, t.text.length));
  };
  const nested = <T>(f: () => T): T => {
    if (++depth > MAX_DEPTH) throw new ConditionError('condition nested too deeply', peek().offset, 1);
    try { return f(); } finally { depth--; }
  };

  const orExpr = (): Condition => nested(() => {
    let left = andExpr();
    while (peek().text === 'or') { next(); left = { type: 'or', left, right: andExpr() }; }
    return left;
  });
  const andExpr = (): Condition => {
    let left = notExpr();
    while (peek().text === 'and') { next(); left = { type: 'and', left, right: notExpr() }; }
    return left;
  };
  const notExpr = (): Condition => nested(() => {
    if (peek().text === 'not') { next(); return { type: 'not', arg: notExpr() }; }
    return compare();
  });
  const compare = (): Condition => {
    const left = primary();
    const t = peek();
    if (t.kind === 'op' && ['==', '!=', '<', '<=', '>', '>=', 'in'].includes(t.text)) {
      next();
      return { type: 'compare', op: t.text as CompareOp, left, right: primary() };
    }
    if (t.text === 'not' && tokens[pos + 1]?.text === 'in') {
      pos += 2;
      return { type: 'compare', op: 'not in', left, right: primary() };
    }
    return left;
  };
  const primary = (): Condition => {
    const t = next();
    switch (t.kind) {
      case 'num':
      case 'str':
        return { type: 'literal', value: t.value as Scalar };
      case 'name':
        return { type: 'name', name: t.text, offset: t.offset };
      case 'punct':
        if (t.text === '(') { const e = orExpr(); expect(')'); return e; }
        if (t.text === '[') {
          const items: Condition[] = [];
          if (peek().text !== ']') {
            do { items.push(primary()); } while (peek().text === ',' && next());
          }
          expect(']');
          return { type: 'list', items };
        }
        break;
      case 'end':
        throw new ConditionError('the condition ends too early', t.offset, 0);
      default:
        break;
    }
    throw new ConditionError(`unexpected '${t.text}'`, t.offset, Math.max(1, t.text.length));
  };

  const result = orExpr();
  const rest = peek();
  if (rest.kind !== 'end') throw new ConditionError(`unexpected '${rest.text}' after the condition`, rest.offset, Math.max(1, rest.text.length));
  return result;
}

/** Names of the parameters a condition reads, with their offsets in the source. */
export function conditionNames(c: Condition): { name: string; offset: number }[] {
  switch (c.type) {
    case 'or':
    case 'and':
    case 'compare':
      return [...conditionNames(c.left), ...conditionNames(c.right)];
    case 'not':
      return conditionNames(c.arg);
    case 'list':
      return c.items.flatMap(conditionNames);
    case 'name':
      return [{ name: c.name, offset: c.offset }];
    case 'literal':
      return [];
  }
}

type Value = Scalar | undefined | readonly (Scalar | undefined)[];

/** Evaluates with Python-like semantics; an absent (inactive) parameter equals nothing. */
export function evaluateCondition(c: Condition, values: Readonly<Record<string, Scalar | undefined>>): boolean {
  return truthy(evaluate(c, values));
}

function evaluate(c: Condition, values: Readonly<Record<string, Scalar | undefined>>): Value {
  switch (c.type) {
    case 'or':
      return truthy(evaluate(c.left, values)) || truthy(evaluate(c.right, values));
    case 'and':
      return truthy(evaluate(c.left, values)) && truthy(evaluate(c.right, values));
    case 'not':
      return !truthy(evaluate(c.arg, values));
    case 'literal':
      return c.value;
    case 'name':
      return values[c.name];
    case 'list':
      return c.items.map((i) => evaluate(i, values) as Scalar | undefined);
    case 'compare': {
      const l = evaluate(c.left, values);
      const r = evaluate(c.right, values);
      switch (c.op) {
        case '==': return same(l, r);
        case '!=': return !same(l, r);
        case 'in': return Array.isArray(r) ? r.some((x) => same(l, x)) : false;
        case 'not in': return Array.isArray(r) ? !r.some((x) => same(l, x)) : true;
        default: return order(c.op, l, r);
      }
    }
  }
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined && v !== false && v !== 0 && v !== '';
}

function same(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return false;
  return a !== undefined && b !== undefined && a === b;
}

function order(op: CompareOp, a: Value, b: Value): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }
  return false;
}
