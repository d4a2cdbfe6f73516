/**
 * "Tune this config": a search space proposed from a training config's leaves,
 * and the study file that searches the keys a person picked.
 */
import { isMap, isScalar, parseDocument, stringify, type Node } from 'yaml';
import { keyName, pairsOf } from './parse';
import { suggest, wordsOf, type Leaf } from './proposal-rules';

export interface Proposal {
  /** Dotted path of the leaf in the config: the parameter's name in the study. */
  readonly key: string;
  readonly current: Leaf;
  /** The parameter as it goes in `space:`, e.g. `{loguniform: [1.0e-4, 1.0e-2]}`. */
  readonly parameter: string;
  readonly reason: string;
  readonly pickedByDefault: boolean;
}

/** A config that cannot be tuned, with a message that says what to do. */
export class ConfigError extends Error {}

/** A key Rung can address as one segment of a dotted parameter name. */
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One proposal per leaf worth offering, in the config's order. Lists (Hydra's
 * `defaults:`, layer-size lists) are left alone: a dotted name cannot address
 * their items. Free strings (paths, names) are not offered.
 */
export function proposeSpace(configText: string, format: 'yaml' | 'json'): Proposal[] {
  const doc = parseDocument(configText, { uniqueKeys: false });
  const kind = format === 'json' ? 'JSON' : 'YAML';
  if (doc.errors.length > 0) {
    throw new ConfigError(`The config is not valid ${kind}: ${doc.errors[0]?.message.split('\n')[0]}. Fix it, then run Tune This Config again.`);
  }
  if (!isMap(doc.contents)) {
    throw new ConfigError(`The config's top level must be a mapping of keys to values (a ${kind} object); Rung tunes keys of a mapping.`);
  }
  const out: Proposal[] = [];
  walk(doc.contents, [], out);
  return out;
}

function walk(node: Node, path: readonly string[], out: Proposal[]): void {
  for (const pair of pairsOf(node)) {
    const name = keyName(pair);
    if (name === undefined || !SEGMENT.test(name)) continue;
    const value = pair.value as Node | null;
    if (isMap(value)) {
      walk(value, [...path, name], out);
      continue;
    }
    if (!isScalar(value)) continue;
    const v = value.value;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    if (typeof v === 'number' && !Number.isFinite(v)) continue;
    const key = [...path, name].join('.');
    const source = (value as { source?: string }).source ?? String(v);
    const isFloat = typeof v === 'number' && (!Number.isInteger(v) || /[.eE]/.test(source));
    const found = suggest({ words: wordsOf(key), value: v, isFloat });
    if (found) out.push({ key, current: v, parameter: found.parameter, reason: found.reason, pickedByDefault: found.picked });
  }
}

/** A YAML scalar on one line, quoted when it must be (a command starting with `{` would be a mapping). */
function scalar(text: string): string {
  return stringify(text, { lineWidth: 0 }).trimEnd();
}

/** The study's name: the config's file name without its extension, e.g. `train` for `train.yaml`. */
export function studyName(baseConfigName: string): string {
  const file = baseConfigName.slice(baseConfigName.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/**
 * The full text of `<name>.rung.yaml` beside the config. `command` must use
 * `{config}`: with base_config set, the sampled values reach the trial through
 * its copy of the config, so no per-parameter flags are needed.
 */
export function studyText(picked: readonly Proposal[], baseConfigName: string, command: string): string {
  if (picked.length === 0) throw new ConfigError('Pick at least one key to search.');
  if (!command.includes('{config}')) throw new ConfigError('The command must contain {config}: the path of each trial\'s copy of the config.');
  const width = Math.max(...picked.map((p) => p.key.length));
  const space = picked.map((p) => `  ${`${p.key}:`.padEnd(width + 1)} ${p.parameter}  # now ${String(p.current)}`);
  return [
    `# Tunes ${baseConfigName}. Each trial gets a copy of it, with the sampled values written in, at {config}.`,
    'version: 1',
    `name: ${scalar(studyName(baseConfigName))}`,
    `command: ${scalar(command)}`,
    `base_config: ${scalar(baseConfigName)}`,
    '',
    'space:',
    ...space,
    '',
    '# Make the training script print a line like  rung: {"loss": 0.42}  (add "resource": n to report',
    '# progress), or give the objective a pattern: \'loss=([0-9.]+)\' that reads it from the log.',
    'objectives:',
    '  loss: {mode: min}',
    '',
    '# fifo runs every trial to the end. To stop poor trials early, use',
    '#   scheduler: {type: asha, resource: epochs, min: 1, max: 27, reduction: 3}',
    '# and pass {resource} (the budget a launch must reach) to the command.',
    'scheduler:',
    '  type: fifo',
    '',
    'budget: {trials: 20}',
    '',
  ].join('\n');
}
