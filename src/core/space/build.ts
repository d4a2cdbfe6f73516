/**
 * YAML AST -> Study. Lenient on purpose: anything malformed falls back to a
 * default here and is reported by a rule, so the editor keeps working on a
 * half-typed file.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { asBoolean, asInteger, asNumber, asString, fieldOf, nodeAt, scalarValue, seqItems } from './ast';
import { parseCondition, type Condition } from './condition';
import { BUILTIN_METRICS } from './keys';
import {
  DEFAULT_ENERGY,
  type Distribution,
  type FailureAction,
  type FailureRule,
  type HostSpec,
  type Objective,
  type Parameter,
  type Scalar,
  type Scheduler,
  type SchedulerType,
  type SearcherType,
  type Study,
} from './model';
import { deref, keyName, keySpan, nodeSpan, pairsOf, type ParsedFile } from './parse';
import { parseDuration } from './units';

const DISTRIBUTION_KEYS = ['uniform', 'loguniform', 'int', 'choice', 'ordinal'];

export function buildStudy(file: ParsedFile): Study {
  const doc = file.doc;
  const at = (...path: string[]): Node | undefined => nodeAt(doc, path);
  const str = (...path: string[]): string | undefined => asString(at(...path));
  const num = (...path: string[]): number | undefined => asNumber(at(...path));

  const command = at('command');
  const baseConfig = at('base_config');
  const table = at('table');
  return {
    version: asInteger(at('version')) ?? 1,
    ...opt('name', str('name')),
    ...(asString(command) !== undefined ? { command: { text: asString(command) as string, span: nodeSpan(command) } } : {}),
    ...opt('workdir', str('workdir')),
    ...(asString(baseConfig) ? { baseConfig: { path: asString(baseConfig) as string, span: nodeSpan(baseConfig) } } : {}),
    env: stringMap(doc, at('env')),
    parameters: doc ? buildParameters(doc, at('space')) : [],
    objectives: doc ? buildObjectives(doc, at('objectives')) : [],
    searcher: searcherType(str('searcher') ?? str('searcher', 'type')),
    ...opt('searcherInitial', asInteger(at('searcher', 'initial'))),
    seed: asInteger(at('seed')) ?? 0,
    scheduler: buildScheduler(doc, at('scheduler')),
    ...opt('parallel', asInteger(at('parallel'))),
    budget: {
      ...opt('trials', asInteger(at('budget', 'trials'))),
      ...opt('gpuHours', num('budget', 'gpu_hours')),
      ...opt('co2eKg', num('budget', 'co2e_kg')),
      ...opt('wallSeconds', wallSeconds(at('budget', 'wall'))),
    },
    gpusPerTrial: asInteger(at('gpus_per_trial')) ?? 1,
    ...opt('gpus', doc ? intList(doc, at('gpus')) : undefined),
    retries: asInteger(at('retries')) ?? 1,
    hosts: doc ? buildHosts(doc, at('hosts')) : [],
    ...(isMap(at('slurm')) && doc ? { slurm: buildSlurm(doc, at('slurm')) } : {}),
    ...(isMap(at('cluster')) ? { cluster: {
      ...opt('login', str('cluster', 'login')),
      submit: str('cluster', 'submit') ?? '', jobId: str('cluster', 'job_id') ?? '(\\d+)', status: str('cluster', 'status') ?? '',
      running: str('cluster', 'running') ?? '', cancel: str('cluster', 'cancel') ?? '',
    } } : {}),
    ...(asString(table) ? { table: { path: asString(table) as string, span: nodeSpan(table) } } : {}),
    failures: doc ? buildFailures(doc, at('failures')) : [],
    energy: {
      pue: num('energy', 'pue') ?? DEFAULT_ENERGY.pue,
      carbonIntensity: num('energy', 'carbon_intensity') ?? DEFAULT_ENERGY.carbonIntensity,
      cpuWatts: num('energy', 'cpu_watts') ?? DEFAULT_ENERGY.cpuWatts,
      ramWatts: num('energy', 'ram_watts') ?? DEFAULT_ENERGY.ramWatts,
      gpuWatts: num('energy', 'gpu_watts') ?? DEFAULT_ENERGY.gpuWatts,
    },
    ...(isMap(at('sync')) && doc ? { sync: {
      from: str('sync', 'from') ?? '.',
      exclude: seqItems(doc, at('sync', 'exclude')).map(asString).filter((s): s is string => s !== undefined),
      maxMb: num('sync', 'max_mb') ?? 200,
    } } : {}),
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function searcherType(s: string | undefined): SearcherType {
  return s === 'grid' || s === 'bo' ? s : 'random';
}

function wallSeconds(node: Node | undefined): number | undefined {
  const v = scalarValue(node);
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const r = parseDuration(v);
  return 'seconds' in r ? r.seconds : undefined;
}

function stringMap(doc: Document | undefined, node: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!doc) return out;
  for (const pair of pairsOf(node)) {
    const k = keyName(pair);
    const v = scalarValue(deref(doc, pair.value));
    if (k !== undefined && v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

function intList(doc: Document, node: Node | undefined): number[] | undefined {
  if (!isSeq(node)) return undefined;
  return seqItems(doc, node).map(asInteger).filter((n): n is number => n !== undefined);
}

export function distributionKeysOf(node: Node | undefined): string[] {
  return pairsOf(node).map(keyName).filter((k): k is string => k !== undefined && DISTRIBUTION_KEYS.includes(k));
}

function buildParameters(doc: Document, space: Node | undefined): Parameter[] {
  const params: Parameter[] = [];
  const seen = new Set<string>();
  for (const pair of pairsOf(space)) {
    const name = keyName(pair);
    const value = deref(doc, pair.value);
    if (name === undefined || value === undefined) continue;
    // A repeated name is duplicate-key's to report; the first definition is the parameter, as everywhere else a name is looked up.
    if (seen.has(name)) continue;
    seen.add(name);
    const distribution = buildDistribution(doc, value);
    if (!distribution) continue;
    const whenValue = fieldOf(doc, value, 'when');
    const whenText = asString(whenValue);
    params.push({
      name,
      nameSpan: keySpan(pair),
      span: nodeSpan(value),
      distribution,
      ...(whenText !== undefined ? { when: { text: whenText, span: nodeSpan(whenValue), condition: tryCondition(whenText) } } : {}),
    });
  }
  return params;
}

function tryCondition(text: string): Condition | undefined {
  try {
    return parseCondition(text);
  } catch {
    return undefined;
  }
}

function buildDistribution(doc: Document, value: Node): Distribution | undefined {
  if (isScalar(value)) {
    const v = scalarValue(value);
    return v === null || v === undefined ? undefined : { kind: 'constant', value: v };
  }
  if (!isMap(value)) return undefined;
  const keys = distributionKeysOf(value);
  if (keys.length !== 1) return undefined;
  const kind = keys[0] as string;
  const args = seqItems(doc, fieldOf(doc, value, kind));
  const field = (k: string): Node | undefined => fieldOf(doc, value, k);
  const step = asNumber(field('step'));
  const log = asBoolean(field('log')) ?? false;
  if (kind === 'choice' || kind === 'ordinal') {
    const values = args.map(scalarValue).filter((v): v is Scalar => v !== undefined && v !== null);
    return { kind, values };
  }
  const low = asNumber(args[0]);
  const high = asNumber(args[1]);
  if (low === undefined || high === undefined || args.length !== 2) return undefined;
  if (kind === 'int') return { kind: 'int', low, high, log, ...(step !== undefined ? { step } : {}) };
  return { kind: 'uniform', low, high, log: kind === 'loguniform' || log, ...(step !== undefined ? { step } : {}) };
}

function buildObjectives(doc: Document, node: Node | undefined): Objective[] {
  const out: Objective[] = [];
  for (const pair of pairsOf(node)) {
    const name = keyName(pair);
    if (name === undefined) continue;
    const value = deref(doc, pair.value);
    const field = (k: string): Node | undefined => fieldOf(doc, value, k);
    const mode = asString(field('mode'));
    const pattern = field('pattern');
    const ref = asNumber(field('ref'));
    out.push({
      name,
      nameSpan: keySpan(pair),
      mode: mode === 'min' ? 'min' : 'max',
      ...(asString(pattern) !== undefined ? { pattern: { source: asString(pattern) as string, span: nodeSpan(pattern) } } : {}),
      ...(ref !== undefined ? { ref } : {}),
      builtin: name in BUILTIN_METRICS,
    });
  }
  return out;
}

function buildScheduler(doc: Document | undefined, node: Node | undefined): Scheduler {
  const span = nodeSpan(node);
  const field = (k: string): Node | undefined => (doc && isMap(node) ? nodeAt(doc, ['scheduler', k]) : undefined);
  const typeText = isScalar(node) ? asString(node) : asString(field('type'));
  const type: SchedulerType = typeText === 'asha' || typeText === 'hyperband' ? typeText : 'fifo';
  const max = asNumber(field('max')) ?? (type === 'fifo' ? 1 : 81);
  const mode = asString(field('mode'));
  const brackets = asInteger(field('brackets'));
  return {
    type,
    resource: asString(field('resource')) ?? 'epochs',
    min: asNumber(field('min')) ?? (type === 'fifo' ? max : 1),
    max,
    reduction: asNumber(field('reduction')) ?? 3,
    mode: mode === 'stopping' ? 'stopping' : 'promotion',
    ...(brackets !== undefined ? { brackets } : {}),
    span,
  };
}

function buildHosts(doc: Document, node: Node | undefined): HostSpec[] {
  const hosts: HostSpec[] = [];
  for (const item of seqItems(doc, node)) {
    const name = asString(item);
    if (name !== undefined) {
      hosts.push({ alias: name, span: nodeSpan(item) });
      continue;
    }
    if (!isMap(item)) continue;
    const field = (k: string): Node | undefined => fieldOf(doc, item, k);
    const alias = asString(field('host'));
    if (alias === undefined) continue;
    hosts.push({
      alias,
      span: nodeSpan(field('host')),
      ...opt('user', asString(field('user'))),
      ...opt('port', asInteger(field('port'))),
      ...opt('identityFile', asString(field('identity_file'))),
      ...opt('gpus', intList(doc, field('gpus'))),
      ...opt('workdir', asString(field('workdir'))),
    });
  }
  return hosts;
}

function buildSlurm(doc: Document, node: Node | undefined): NonNullable<Study['slurm']> {
  const s = (k: string): string | undefined => asString(nodeAt(doc, ['slurm', k]));
  const gpus = scalarValue(nodeAt(doc, ['slurm', 'gpus']));
  return {
    ...opt('login', s('login')),
    ...opt('partition', s('partition')),
    ...opt('gres', s('gres')),
    ...(typeof gpus === 'string' || typeof gpus === 'number' ? { gpus } : {}),
    ...opt('cpus', asInteger(nodeAt(doc, ['slurm', 'cpus']))),
    ...opt('mem', s('mem')),
    ...opt('time', s('time')),
    ...opt('account', s('account')),
    ...opt('qos', s('qos')),
    ...opt('constraint', s('constraint')),
    extra: seqItems(doc, isMap(node) ? nodeAt(doc, ['slurm', 'extra']) : undefined).map(asString).filter((x): x is string => x !== undefined),
  };
}

function buildFailures(doc: Document, node: Node | undefined): FailureRule[] {
  const rules: FailureRule[] = [];
  for (const item of seqItems(doc, node)) {
    const field = (k: string): Node | undefined => fieldOf(doc, item, k);
    const pattern = asString(field('pattern'));
    const action = asString(field('action'));
    if (pattern === undefined || !['retry', 'discard', 'halt', 'fail'].includes(action ?? '')) continue;
    const maxRetries = asInteger(field('max_retries'));
    rules.push({ pattern, action: action as FailureAction, ...(maxRetries !== undefined ? { maxRetries } : {}) });
  }
  return rules;
}
