/**
 * A trial's copy of `base_config` with its parameter values written in.
 *
 * The file is parsed with the `yaml` Document API only to find where each value
 * sits; the new text is the original with just those value ranges replaced.
 * Comments, blank lines, key order, quoting and JSON indentation therefore stay
 * byte for byte, and the number formatting is ours: floats in exponent form are
 * written `1.0e-7`, never `1e-7`, because PyYAML (YAML 1.1) reads `1e-7` as the
 * string "1e-7"; an integer written where the base config had a float (`0.5`)
 * gets `.0`, so Python keeps seeing a float.
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, parseDocument, type Node, type Scalar as YamlScalar } from 'yaml';
import type { Scalar } from './model';

export type ConfigFormat = 'yaml' | 'json';

export class MaterialiseError extends Error {}

export interface Materialised {
  readonly text: string;
  /** Parameter names written into the file; the others are command-line parameters. */
  readonly written: readonly string[];
}

/** The format of a base config, by its extension. */
export function configFormatOf(path: string): ConfigFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  throw new MaterialiseError(`base_config '${path}' must be a .yaml, .yml or .json file; Rung writes parameter values only into those formats.`);
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Writes `config` into the base config text. A name is written when it is a
 * top-level key, or a dotted path (`model.encoder.layers`) whose every part
 * exists; other names are left out and not reported as written.
 */
export function materialiseConfig(baseText: string, format: ConfigFormat, config: Readonly<Record<string, Scalar | undefined>>): Materialised {
  const root = parseBase(baseText, format);
  const edits: Edit[] = [];
  const written: string[] = [];
  for (const [name, value] of Object.entries(config)) {
    if (value === undefined) continue;
    const target = locate(root, name);
    if (!target) continue;
    edits.push(replacement(baseText, target, name, value, format));
    written.push(name);
  }
  let text = baseText;
  for (const e of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return { text, written };
}

function parseBase(text: string, format: ConfigFormat): Node | undefined {
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (e) {
      throw new MaterialiseError(`base_config is not valid JSON (${(e as Error).message}); fix the file so that it parses.`);
    }
  }
  const doc = parseDocument(text, { prettyErrors: true });
  const problem = doc.errors[0];
  if (problem) throw new MaterialiseError(`base_config is not valid YAML: ${problem.message.split('\n')[0]}; fix the file so that it parses.`);
  const root = doc.contents ?? undefined;
  if (root && !isMap(root)) throw new MaterialiseError('base_config must hold a mapping of keys at the top level, so that parameters can be written into it.');
  return root;
}

/** The node a parameter name addresses, or undefined when the name is not a key of the config. */
function locate(root: Node | undefined, name: string): Node | undefined {
  if (!root || !isMap(root)) return undefined;
  if (root.has(name)) return root.get(name, true) as Node | undefined;
  if (!name.includes('.')) return undefined;
  const parts = name.split('.');
  let node: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (isMap(node)) {
      const key = node.has(part) ? part : /^\d+$/.test(part) && node.has(Number(part)) ? Number(part) : undefined;
      if (key === undefined) return undefined;
      node = node.get(key, true);
    } else if (isSeq(node) && /^\d+$/.test(part)) {
      if (Number(part) >= node.items.length) return undefined;
      node = node.get(Number(part), true);
    } else {
      const parent = parts.slice(0, i).join('.');
      throw new MaterialiseError(`Cannot set '${name}': '${parent}' in base_config is ${describe(node)}, not a mapping. Rename the parameter or make '${parent}' a mapping in the base config.`);
    }
  }
  return node as Node | undefined;
}

function describe(node: unknown): string {
  if (isSeq(node)) return 'a list (address its items by number, as in name.0)';
  if (isScalar(node)) return `the value ${JSON.stringify(node.value)}`;
  return 'empty';
}

function replacement(text: string, node: Node, name: string, value: Scalar, format: ConfigFormat): Edit {
  if (isCollection(node)) {
    throw new MaterialiseError(`'${name}' is a ${isMap(node) ? 'mapping' : 'list'} in base_config, and a parameter sets one value; name a key inside it (e.g. ${name}.<key>) or rename the parameter.`);
  }
  const range = node.range;
  if (!range) throw new MaterialiseError(`Rung could not find where '${name}' is written in base_config; write it as a plain 'key: value' line.`);
  const [start, end] = range;
  const old = text.slice(start, end);
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  const wasFloat = isScalar(node) && !quoted && typeof node.value === 'number' && /[.eE]/.test(old);
  let out = render(value, format, { wasFloat, quoted, name });
  if (start === end) {
    // An empty value (`key:`): keep a space after the colon and before a comment.
    if (start > 0 && !/\s/.test(text[start - 1] as string)) out = ` ${out}`;
    if (text[end] === '#') out = `${out} `;
  }
  // A block scalar's range takes its last line break with it; give it back.
  if (old.endsWith('\n') && !isAlias(node) && (node as YamlScalar).type?.startsWith('BLOCK')) out += '\n';
  return { start, end, text: out };
}

function render(value: Scalar, format: ConfigFormat, how: { wasFloat: boolean; quoted: boolean; name: string }): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return renderNumber(value, format, how.wasFloat, how.name);
  if (format === 'yaml' && !how.quoted && isPlainSafe(value)) return value;
  // A JSON string literal is also a valid YAML double-quoted scalar, in block and flow context.
  return JSON.stringify(value);
}

function renderNumber(value: number, format: ConfigFormat, wasFloat: boolean, name: string): string {
  if (!Number.isFinite(value)) {
    if (format === 'json') throw new MaterialiseError(`'${name}' is ${value}, which JSON cannot hold; use a YAML base_config or a finite value.`);
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  }
  if (Number.isInteger(value)) {
    const whole = Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value === 0 ? 0 : value);
    return wasFloat ? `${whole}.0` : whole;
  }
  const text = String(value);
  const m = /^(-?\d+)(\.\d+)?e([-+]\d+)$/.exec(text);
  return m ? `${m[1]}${m[2] ?? '.0'}e${m[3]}` : text;
}

const YAML_WORDS = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** Strings that read back as the same string in YAML 1.1 and 1.2, block or flow. */
function isPlainSafe(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(s) && !YAML_WORDS.test(s);
}
