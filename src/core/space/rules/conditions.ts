import { ConditionError, conditionNames, parseCondition } from '../condition';
import { error, type Diagnostic, type Span } from '../diagnostic';
import type { Parameter } from '../model';
import { nearest } from '../suggest';
import type { Rule } from './rule';
import { spaceNames } from './space-names';

/** Offset of a position inside the `when` string, mapped into the file when the source is the plain text. */
function inWhen(file: string, when: NonNullable<Parameter['when']>, offset: number, length: number): Span {
  const source = file.slice(when.span.start, when.span.end);
  const shift = source === when.text ? 0 : source.indexOf(when.text);
  if (shift < 0) return when.span;
  const start = when.span.start + shift + offset;
  return { start, end: start + Math.max(1, length) };
}

/** bad-condition: a `when` that does not parse, or reads a parameter that does not exist (or itself). */
export const badCondition: Rule = ({ study, file, doc }) => {
  const out: Diagnostic[] = [];
  const names = spaceNames(doc);
  for (const p of study.parameters) {
    if (!p.when) continue;
    let condition;
    try {
      condition = parseCondition(p.when.text);
    } catch (e) {
      const ce = e instanceof ConditionError ? e : new ConditionError(String(e), 0, p.when.text.length);
      out.push(error('bad-condition', inWhen(file.text, p.when, ce.offset, ce.length), `The condition of '${p.name}' does not parse: ${ce.message}. Example: when: "optimizer == 'sgd'".`));
      continue;
    }
    for (const ref of conditionNames(condition)) {
      const span = inWhen(file.text, p.when, ref.offset, ref.name.length);
      if (ref.name === p.name) {
        out.push(error('bad-condition', span, `The condition of '${p.name}' reads '${p.name}' itself; a condition may only read other parameters.`));
      } else if (!names.includes(ref.name)) {
        const guess = nearest(ref.name, names);
        out.push(error('bad-condition', span, `The condition of '${p.name}' reads '${ref.name}', which is not a parameter.${guess ? ` Did you mean '${guess}'?` : ' Quote string values: \'sgd\'.'}`,
          guess ? [{ title: `Replace with '${guess}'`, edits: [{ span, newText: guess }], preferred: true }] : undefined));
      }
    }
  }
  return out;
};

/** condition-cycle: parameters whose conditions depend on each other, so none could ever be decided first. */
export const conditionCycle: Rule = ({ study }) => {
  const deps = new Map<string, string[]>();
  for (const p of study.parameters) {
    if (p.when?.condition) deps.set(p.name, conditionNames(p.when.condition).map((r) => r.name).filter((n) => n !== p.name));
  }
  const out: Diagnostic[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = trail.slice(trail.indexOf(name));
      for (const member of cycle) {
        const p = study.parameters.find((q) => q.name === member);
        if (!p?.when || reported.has(member)) continue;
        reported.add(member);
        out.push(error('condition-cycle', p.when.span, `The conditions of ${[...cycle, name].map((n) => `'${n}'`).join(' -> ')} depend on each other in a cycle; make one of them unconditional.`));
      }
      return;
    }
    state.set(name, 'visiting');
    for (const d of deps.get(name) ?? []) visit(d, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of deps.keys()) visit(name, []);
  return out;
};
