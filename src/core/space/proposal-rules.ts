/**
 * What to search for one leaf of a training config, judged from its key name and
 * current value. The first rule that matches decides; names are compared as
 * words (`initial_learning_rate` -> initial, learning, rate), so
 * `learning_rate_warmup` is a warmup and `learning_rate_reduce_factor` is not a rate.
 */
import { decimal, floatRange, intList } from './proposal-numbers';

export type Leaf = string | number | boolean;

/** A suggestion for one leaf: the parameter's text in a study, why, and whether to search it by default. */
export interface Suggestion {
  readonly parameter: string;
  readonly reason: string;
  readonly picked: boolean;
}

/** The leaf a rule judges: its words, its value, and whether the config wrote it as a float (`1.0`, `1e-3`). */
export interface LeafFacts {
  readonly words: readonly string[];
  readonly value: Leaf;
  readonly isFloat: boolean;
}

type Rule = (leaf: LeafFacts) => Suggestion | undefined;

/** `learningRate`, `num-layers`, `model.d_model` -> lower-case words. */
export function wordsOf(key: string): string[] {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

const has = (leaf: LeafFacts, ...words: string[]): boolean => leaf.words.some((w) => words.includes(w));
const endsWith = (leaf: LeafFacts, ...tail: string[]): boolean =>
  leaf.words.length >= tail.length && tail.every((w, i) => leaf.words[leaf.words.length - tail.length + i] === w);
const float = (leaf: LeafFacts): number | undefined => (typeof leaf.value === 'number' && leaf.isFloat ? leaf.value : undefined);
const int = (leaf: LeafFacts): number | undefined => (typeof leaf.value === 'number' && !leaf.isFloat ? leaf.value : undefined);
const num = (leaf: LeafFacts): number | undefined => (typeof leaf.value === 'number' ? leaf.value : undefined);

const uniform = (lo: number, hi: number): string => `{uniform: [${floatRange(lo, hi)}]}`;
const loguniform = (lo: number, hi: number): string => `{loguniform: [${floatRange(lo, hi)}]}`;
const intRange = (lo: number, hi: number): string => `{int: [${lo}, ${hi}]}`;
const choice = (values: readonly (string | number | boolean)[]): string => `{choice: [${values.join(', ')}]}`;

/** Around a positive number, in the number's own type: a decade either side on a log scale, or half to double. */
function around(leaf: LeafFacts, v: number): string {
  if (!leaf.isFloat) return v >= 1 ? intRange(Math.max(1, Math.floor(v / 2)), v * 2) : intRange(0, 10);
  if (v < 0.01 || v >= 100) return loguniform(v / 10, v * 10);
  // A fraction stays a fraction: factors and ratios below 1 rarely make sense above it.
  return v < 1 ? uniform(v / 2, (1 + v) / 2) : uniform(v / 2, v * 2);
}

/** Powers of two (or the value's own doublings) from half to four times the value. */
const doublings = (v: number, up = 4): number[] => intList([Math.max(1, Math.round(v / 2)), v, ...[2, 4, 8].filter((f) => f <= up).map((f) => v * f)]);

const seed: Rule = (leaf) => has(leaf, 'seed') && num(leaf) !== undefined
  ? { parameter: choice(intList([0, 1, 2].map((d) => Math.round(num(leaf) as number) + d))), picked: false, reason: 'A random seed: searching it measures noise, not a better setting.' }
  : undefined;

const infrastructure: Rule = (leaf) => {
  const v = num(leaf);
  if (v === undefined || !has(leaf, 'port', 'id', 'ids', 'rank', 'workers', 'worker', 'gpus', 'gpu', 'devices', 'device', 'nodes', 'threads', 'verbose', 'verbosity', 'level')) return undefined;
  // A constant: listed so the reason is visible, and never searched even when picked.
  return { parameter: String(v), picked: false, reason: 'Infrastructure (a port, id, rank, worker or device count), not a hyperparameter: kept as a constant.' };
};

const warmup: Rule = (leaf) => {
  if (!has(leaf, 'warmup')) return undefined;
  const reason = 'Warmup: too short destabilises early training, too long wastes the budget.';
  const i = int(leaf);
  if (i !== undefined && i >= 0) return { parameter: intRange(0, i > 0 ? i * 2 : 1000), picked: true, reason };
  const f = float(leaf);
  if (f !== undefined && f >= 0 && f < 1) return { parameter: uniform(0, Math.min(0.5, Math.max(0.2, f * 2))), picked: true, reason };
  return undefined;
};

const batch: Rule = (leaf) => {
  const v = int(leaf);
  if (v === undefined || v < 1 || !(has(leaf, 'batch', 'bsz', 'bs') || endsWith(leaf, 'max', 'tokens'))) return undefined;
  if (has(leaf, 'eval', 'evaluation', 'test', 'valid', 'validation', 'dev', 'predict', 'inference', 'decode')) {
    return { parameter: choice(doublings(v)), picked: false, reason: 'An evaluation batch size changes speed, not the trained model.' };
  }
  return { parameter: choice(doublings(v)), picked: true, reason: 'Batch size: interacts with the learning rate; powers of two keep GPUs busy.' };
};

const gradientClip: Rule = (leaf) => {
  const v = num(leaf);
  if (v === undefined || v <= 0 || !(has(leaf, 'clip', 'clipping') || endsWith(leaf, 'grad', 'norm') || endsWith(leaf, 'gradient', 'norm'))) return undefined;
  return { parameter: loguniform(v / 10, v * 10), picked: false, reason: 'Gradient clipping threshold: rarely the first thing worth searching.' };
};

const schedule: Rule = (leaf) => {
  const v = num(leaf);
  // -1 and 0 usually mean "off" or "unlimited": there is no range around them.
  if (v === undefined || v <= 0) return undefined;
  const lengthWords = ['epoch', 'epochs', 'step', 'steps', 'iteration', 'iterations', 'iters', 'updates', 'patience', 'interval', 'every', 'freq', 'frequency', 'checkpoints', 'length', 'len', 'total', 'save', 'logging', 'log'];
  if (!(has(leaf, ...lengthWords) || leaf.words[0] === 'max' || leaf.words[0] === 'min')) return undefined;
  return { parameter: around(leaf, v), picked: false, reason: 'A training length, limit or logging schedule (epochs, steps, max_*): the scheduler\'s budget controls it, not the search.' };
};

const learningRate: Rule = (leaf) => {
  const v = float(leaf);
  if (v === undefined || v <= 0 || !(endsWith(leaf, 'lr') || endsWith(leaf, 'learning', 'rate') || endsWith(leaf, 'learningrate'))) return undefined;
  return { parameter: loguniform(v / 10, v * 10), picked: true, reason: 'Learning rate: usually matters most; a decade either side, on a log scale.' };
};

const weightDecay: Rule = (leaf) => {
  const v = num(leaf);
  if (v === undefined || v < 0 || !(endsWith(leaf, 'weight', 'decay') || endsWith(leaf, 'wd') || endsWith(leaf, 'l2'))) return undefined;
  const reason = 'Weight decay: a regularisation strength, searched on a log scale.';
  if (v === 0) return { parameter: uniform(0, 0.1), picked: true, reason: 'Weight decay: off now; searched linearly from none to 0.1.' };
  return { parameter: loguniform(v / 10, v * 10), picked: true, reason };
};

const dropout: Rule = (leaf) => {
  const v = num(leaf);
  if (v === undefined || v < 0 || v >= 1 || !has(leaf, 'dropout', 'drop', 'smoothing', 'dropconnect')) return undefined;
  const hi = Math.min(0.9, Math.max(0.3, Number((v * 3).toFixed(1))));
  return { parameter: uniform(0, hi), picked: true, reason: `A rate in [0, 1): searched linearly from none to ${decimal(hi)}.` };
};

const nearOne: Rule = (leaf) => {
  const v = float(leaf);
  const isMomentum = has(leaf, 'momentum');
  const isBeta = leaf.words.some((w) => /^betas?\d*$/.test(w));
  if (v === undefined || v <= 0.5 || v >= 1 || !(isMomentum || isBeta)) return undefined;
  const gap = 1 - v;
  return {
    parameter: uniform(Math.max(0.5, 1 - gap * 2), Math.min(0.9999, 1 - gap / 2)),
    picked: isMomentum,
    reason: isMomentum ? 'Momentum: close to 1, searched between half and twice its distance from 1.' : 'An Adam beta: rarely needs tuning once the learning rate is right.',
  };
};

const epsilon: Rule = (leaf) => {
  const v = float(leaf);
  if (v === undefined || v <= 0 || !has(leaf, 'eps', 'epsilon')) return undefined;
  return { parameter: loguniform(v / 10, v * 10), picked: false, reason: 'A numerical-stability constant: rarely changes results.' };
};

const layers: Rule = (leaf) => {
  const v = int(leaf);
  if (v === undefined || v < 1 || !has(leaf, 'layers', 'layer', 'depth', 'blocks')) return undefined;
  return { parameter: intRange(Math.max(1, Math.ceil(v / 2)), v * 2), picked: true, reason: 'Depth: from half to double the current number of layers.' };
};

const width: Rule = (leaf) => {
  const v = int(leaf);
  if (v === undefined || v < 2 || has(leaf, 'vocab', 'vocabulary', 'max', 'seq', 'sequence', 'position', 'positions')) return undefined;
  if (!(has(leaf, 'hidden', 'dim', 'dims', 'embed', 'embedding', 'ffn', 'units', 'channels', 'width') || (has(leaf, 'model') && has(leaf, 'size', 'd', 'dim')) || endsWith(leaf, 'd', 'model'))) return undefined;
  return { parameter: choice(intList([v / 2, v, v * 2])), picked: true, reason: 'Width: half, as is, or double (keep it divisible by the number of heads).' };
};

const heads: Rule = (leaf) => {
  const v = int(leaf);
  if (v === undefined || v < 1 || !has(leaf, 'heads', 'head')) return undefined;
  return { parameter: choice(intList([Math.max(1, v / 2), v, v * 2])), picked: true, reason: 'Attention heads: half, as is, or double (the width must divide by it).' };
};

/** Families of well-known string settings; a value from one offers the rest of its family. */
const FAMILIES: readonly { words: readonly string[]; values: readonly string[]; what: string }[] = [
  { words: ['optimizer', 'optim', 'opt'], values: ['adam', 'adamw', 'sgd', 'adafactor', 'rmsprop', 'adamw_torch', 'adamw_hf'], what: 'optimizer' },
  { words: ['scheduler', 'schedule', 'sched'], values: ['linear', 'cosine', 'constant', 'constant_with_warmup', 'polynomial', 'inverse_sqrt', 'cosine_with_restarts'], what: 'learning-rate schedule' },
  { words: ['activation', 'act', 'activation_fn'], values: ['relu', 'gelu', 'silu', 'swish', 'tanh', 'gelu_new'], what: 'activation' },
];

const knownChoice: Rule = (leaf) => {
  if (typeof leaf.value !== 'string') return undefined;
  const current = leaf.value;
  const family = FAMILIES.find((f) => has(leaf, ...f.words) && f.values.includes(current));
  if (!family) return undefined;
  const others = family.values.filter((v) => v !== current && !(current.startsWith('adamw') && v.startsWith('adamw'))).slice(0, 2);
  return { parameter: choice([current, ...others]), picked: false, reason: `${/^[aeiou]/.test(family.what) ? 'An' : 'A'} ${family.what}: a choice between common ones.` };
};

const flag: Rule = (leaf) => typeof leaf.value === 'boolean'
  ? { parameter: choice([true, false]), picked: false, reason: 'A switch: pick it to compare both settings.' }
  : undefined;

const anyNumber: Rule = (leaf) => {
  const v = num(leaf);
  if (v === undefined || v <= 0) return undefined;
  return { parameter: around(leaf, v), picked: false, reason: 'Not a name Rung recognises: a range around the current value, off by default.' };
};

const RULES: readonly Rule[] = [
  seed, warmup, batch, infrastructure, gradientClip, schedule, learningRate, weightDecay, dropout, nearOne, epsilon, layers, width, heads, knownChoice, flag, anyNumber,
];

/**
 * The suggestion for one leaf, or undefined when it should not be offered at all:
 * free strings (paths, names), zero or negative numbers Rung cannot scale.
 */
export function suggest(leaf: LeafFacts): Suggestion | undefined {
  for (const rule of RULES) {
    const found = rule(leaf);
    if (found) return found;
  }
  return undefined;
}
