/** Builds parameter lists through the real study parser, and random spaces for property tests. */
import assert from 'node:assert/strict';
import { checkStudy } from '../../../src/core/space/validate';
import type { Parameter } from '../../../src/core/space/model';
import type { Random } from '../../../src/core/random';

/** The parameters of a study whose `space:` is the given YAML (one parameter per line). */
export function spaceOf(space: string, searcher = 'random'): Parameter[] {
  const body = space.trim().split('\n').map((l) => `  ${l.trim()}`).join('\n');
  const text = `version: 1\ncommand: python train.py\nsearcher: ${searcher}\nspace:\n${body}\nobjectives:\n  loss: {mode: min}\n`;
  const { study, diagnostics } = checkStudy(text);
  const errors = diagnostics.filter((d) => d.severity === 'error' && d.code !== 'unused-parameter');
  assert.ok(study, 'the study parses');
  assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], `space is valid:\n${text}`);
  return [...study.parameters];
}

const WORDS = ['adam', 'sgd', 'rmsprop', 'lion'];

/**
 * A random valid space of 1-5 parameters, some conditional on earlier choices
 * or ints. With `discrete`, no continuous parameter is generated (for grids).
 */
export function randomSpaceText(rng: Random, discrete: boolean): string {
  const lines: string[] = [];
  const choices: { name: string; values: string[] }[] = [];
  const ints: { name: string; low: number; high: number }[] = [];
  const count = rng.int(1, 5);
  for (let i = 0; i < count; i++) {
    const name = `p${i}`;
    const kinds = discrete ? ['choice', 'ordinal', 'int', 'logint', 'stepped', 'constant'] : ['choice', 'ordinal', 'int', 'logint', 'stepped', 'constant', 'uniform', 'loguniform'];
    const kind = rng.pick(kinds);
    let spec: string;
    switch (kind) {
      case 'choice': {
        const values = rng.shuffle(WORDS).slice(0, rng.int(1, 4));
        choices.push({ name, values });
        spec = `{choice: [${values.join(', ')}]`;
        break;
      }
      case 'ordinal':
        spec = `{ordinal: [${rng.shuffle([1, 2, 4, 8, 16]).slice(0, rng.int(1, 5)).join(', ')}]`;
        break;
      case 'int': {
        const low = rng.int(-5, 5);
        const high = low + rng.int(1, 12);
        ints.push({ name, low, high });
        spec = rng.float() < 0.5 ? `{int: [${low}, ${high}]` : `{int: [${low}, ${high}], step: ${rng.int(1, high - low)}`;
        break;
      }
      case 'logint': {
        const low = rng.int(1, 4);
        spec = `{int: [${low}, ${low + rng.int(1, 40)}], log: true`;
        break;
      }
      case 'stepped': {
        const low = rng.int(-50, 50) / 100;
        const step = rng.int(1, 30) / 100;
        spec = `{uniform: [${low}, ${low + step * rng.int(1, 8) + rng.int(0, 9) / 1000}], step: ${step}`;
        break;
      }
      case 'constant':
        lines.push(`${name}: ${rng.pick(['4000', 'fixed', 'true', '0.5'])}`);
        continue;
      case 'uniform': {
        const low = rng.int(-100, 100) / 10;
        spec = `{uniform: [${low}, ${low + rng.int(1, 100) / 10}]`;
        break;
      }
      default: {
        const low = 10 ** -rng.int(1, 6);
        spec = `{loguniform: [${low}, ${low * 10 ** rng.int(1, 4)}]`;
        break;
      }
    }
    const condition = rng.float() < 0.5 ? conditionOn(rng, choices.filter((c) => c.name !== name), ints.filter((c) => c.name !== name)) : undefined;
    lines.push(`${name}: ${spec}${condition ? `, when: "${condition}"` : ''}}`);
  }
  return lines.join('\n');
}

function conditionOn(rng: Random, choices: { name: string; values: string[] }[], ints: { name: string; low: number; high: number }[]): string | undefined {
  if (choices.length > 0 && (ints.length === 0 || rng.float() < 0.6)) {
    const c = rng.pick(choices);
    return rng.float() < 0.5 ? `${c.name} == '${rng.pick(c.values)}'` : `${c.name} in ['${rng.pick(c.values)}', 'lion']`;
  }
  if (ints.length > 0) {
    const c = rng.pick(ints);
    return `${c.name} >= ${rng.int(c.low, c.high)}`;
  }
  return undefined;
}
