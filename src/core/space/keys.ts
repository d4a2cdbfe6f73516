/**
 * What every key of a study file means: one table drives unknown-key and
 * wrong-type checks, completions, hovers and the JSON schema for the YAML
 * extension, so they can never disagree.
 */

export type ValueKind = 'string' | 'number' | 'integer' | 'boolean' | 'map' | 'list';

export interface KeySpec {
  readonly doc: string;
  /** Accepted YAML shapes; the first is the one completions insert. */
  readonly kinds: readonly ValueKind[];
  readonly values?: readonly string[];
  readonly minimum?: number;
  /** Fixed child keys, for mappings. */
  readonly keys?: Readonly<Record<string, KeySpec>>;
  /** Child keys named by the user (parameters, objectives, env vars). */
  readonly named?: KeySpec;
  /** Shape of list items. */
  readonly items?: KeySpec;
  /** Text inserted by a completion after `key: `. */
  readonly snippet?: string;
}

const str = (doc: string, extra: Partial<KeySpec> = {}): KeySpec => ({ doc, kinds: ['string'], ...extra });
const num = (doc: string, extra: Partial<KeySpec> = {}): KeySpec => ({ doc, kinds: ['number'], ...extra });
const int = (doc: string, extra: Partial<KeySpec> = {}): KeySpec => ({ doc, kinds: ['integer'], ...extra });
const bool = (doc: string): KeySpec => ({ doc, kinds: ['boolean'] });

/** Identifiers, dotted to address nested keys of base_config: `lr`, `model.encoder.layers`. */
export function isParameterName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !name.endsWith('.') && !name.includes('..');
}

export const DISTRIBUTIONS = ['uniform', 'loguniform', 'int', 'choice', 'ordinal'] as const;
export type DistributionName = (typeof DISTRIBUTIONS)[number];

export const DISTRIBUTION_DOCS: Readonly<Record<DistributionName, string>> = {
  uniform: 'A real number drawn uniformly from [lo, hi]. `step: q` quantises it.',
  loguniform: 'A real number whose logarithm is uniform on [log lo, log hi]; lo must be > 0. Use for learning rates and regularisation strengths.',
  int: 'An integer in [lo, hi], both inclusive. `log: true` spreads it on a log scale; `step: k` keeps every k-th value.',
  choice: 'One of the listed values (numbers, strings or booleans), unordered.',
  ordinal: 'One of the listed values, whose order the searcher may exploit (e.g. layer counts).',
};

export const PARAMETER_KEYS: Readonly<Record<string, KeySpec>> = {
  uniform: { doc: DISTRIBUTION_DOCS.uniform, kinds: ['list'], snippet: '[${1:0.0}, ${2:1.0}]' },
  loguniform: { doc: DISTRIBUTION_DOCS.loguniform, kinds: ['list'], snippet: '[${1:1.0e-5}, ${2:1.0e-2}]' },
  int: { doc: DISTRIBUTION_DOCS.int, kinds: ['list'], snippet: '[${1:1}, ${2:8}]' },
  choice: { doc: DISTRIBUTION_DOCS.choice, kinds: ['list'], snippet: '[${1:a}, ${2:b}]' },
  ordinal: { doc: DISTRIBUTION_DOCS.ordinal, kinds: ['list'], snippet: '[${1:1}, ${2:2}, ${3:4}]' },
  step: num('Quantisation: only lo, lo + step, lo + 2 step, ... are used. Makes a continuous parameter gridable.'),
  log: bool('Spread an `int` parameter on a log scale.'),
  when: str('A condition on other parameters (`optimizer == \'sgd\'`, `layers > 2 and act in [\'relu\', \'gelu\']`); the parameter is absent from trials where it is false.'),
};

export const BUILTIN_PLACEHOLDERS: Readonly<Record<string, string>> = {
  trial_id: 'The trial\'s id, unique within the run (e.g. `t0042`).',
  trial_dir: 'The trial\'s own folder on the host that runs it; checkpoints belong here so that a promoted trial resumes from them.',
  resource: 'The budget this launch must reach (checkpoints, epochs...). ASHA relaunches a promoted trial with a larger value.',
  config: 'Path of the per-trial copy of `base_config` with the sampled values written in.',
  gpus: 'The GPU indices assigned to this trial, comma-separated (also set as CUDA_VISIBLE_DEVICES).',
};

/** Objectives and metrics Rung measures itself; a trial never reports them. */
export const BUILTIN_METRICS: Readonly<Record<string, string>> = {
  co2e: 'kg CO2e of the trial, from measured GPU power (plus CPU and RAM watts), PUE and carbon intensity.',
  energy_kwh: 'Energy the trial used, in kWh, PUE included.',
  gpu_hours: 'GPU hours the trial held.',
  wall_s: 'Seconds the trial ran.',
};

export const SEARCHERS = ['random', 'grid', 'bo'] as const;
export const SCHEDULERS = ['fifo', 'asha', 'hyperband'] as const;
export const ASHA_MODES = ['promotion', 'stopping'] as const;
export const OBJECTIVE_MODES = ['max', 'min'] as const;
export const FAILURE_ACTIONS = ['retry', 'discard', 'halt', 'fail'] as const;

const host: KeySpec = {
  doc: 'An SSH host: an alias from ~/.ssh/config, or a mapping that overrides it.',
  kinds: ['string', 'map'],
  keys: {
    host: str('Host name or ~/.ssh/config alias.'),
    user: str('Login user (default: from ~/.ssh/config, else the local user).'),
    port: int('SSH port (default 22).', { minimum: 1 }),
    identity_file: str('Private key file (default: from ~/.ssh/config and the agent).'),
    gpus: { doc: 'GPU indices of this host that Rung may use.', kinds: ['list'], items: int('GPU index', { minimum: 0 }) },
    workdir: str('Overrides the study\'s workdir on this host.'),
  },
};

export const TOP_LEVEL_KEYS: Readonly<Record<string, KeySpec>> = {
  version: int('Version of the study language. Only `1` exists.', { minimum: 1, snippet: '1' }),
  name: str('A short name for the study, shown in run lists.'),
  command: str('The command each trial runs, with `{placeholders}` for parameters and built-ins. Values are shell-quoted when substituted.', {
    snippet: '"python train.py --lr {lr} --epochs {resource} --out {trial_dir}"',
  }),
  workdir: str('Folder the command runs in (on the remote host for SSH and Slurm). `~` is the user\'s home there.'),
  base_config: str('A YAML or JSON training config; each trial gets a copy with the sampled values written in at `{config}`. Dotted parameter names address nested keys.'),
  env: { doc: 'Environment variables for every trial.', kinds: ['map'], named: { doc: 'An environment variable (numbers and booleans are written as text, as in `OMP_NUM_THREADS: 4`).', kinds: ['string', 'number', 'boolean'] } },
  space: {
    doc: 'The search space: one entry per parameter, a distribution mapping or a constant.',
    kinds: ['map'],
    named: { doc: 'A parameter', kinds: ['map', 'string', 'number', 'boolean'], keys: PARAMETER_KEYS },
  },
  objectives: {
    doc: 'What to optimise: one entry per metric, with `mode: max` or `mode: min`. Several objectives make a multi-objective search with a Pareto front.',
    kinds: ['map'],
    named: {
      doc: 'An objective',
      kinds: ['map'],
      keys: {
        mode: str('Whether larger (`max`) or smaller (`min`) is better.', { values: OBJECTIVE_MODES }),
        pattern: str('A regex over the trial\'s log whose first group is the value; the n-th match is resource n unless a named group `(?<resource>...)` says otherwise.'),
        ref: num('Reference point of this objective for hypervolume (a value worse than any you care about).'),
      },
    },
  },
  searcher: {
    doc: 'How configurations are proposed: `random`, `grid` or `bo` (Gaussian-process Bayesian optimisation).',
    kinds: ['string', 'map'],
    values: SEARCHERS,
    keys: {
      type: str('random | grid | bo', { values: SEARCHERS }),
      initial: int('Configurations drawn by a space-filling design before the model takes over (bo).', { minimum: 1 }),
    },
  },
  seed: int('Seed of the searcher\'s random numbers; the same seed proposes the same configurations.', { minimum: 0 }),
  scheduler: {
    doc: 'When trials start, pause, resume and stop: `fifo` (every trial to max), `asha` or `hyperband`.',
    kinds: ['map', 'string'],
    values: SCHEDULERS,
    keys: {
      type: str('fifo | asha | hyperband', { values: SCHEDULERS }),
      resource: str('Name of the budget unit (checkpoints, epochs, steps), shown in the UI.'),
      min: num('Smallest budget a trial gets (the first rung).'),
      max: num('Largest budget a trial gets (the last rung).'),
      reduction: num('Reduction factor eta: one in `reduction` trials goes on to the next rung, which gets `reduction` times the budget.'),
      mode: str('`promotion`: pause trials at each rung and resume the best with a larger budget; `stopping`: let trials run and stop those outside the top fraction when they reach a rung.', { values: ASHA_MODES }),
      brackets: int('Hyperband: how many brackets (default: all, log_reduction(max/min) + 1).', { minimum: 1 }),
    },
  },
  parallel: int('Trials that run at once (default: one per free GPU, or 1 on a machine without GPUs; on `slurm`/`cluster`, jobs queued or running, default 4).', { minimum: 1 }),
  budget: {
    doc: 'When the run stops: the first limit reached ends it.',
    kinds: ['map'],
    keys: {
      trials: int('Number of configurations to try.', { minimum: 1 }),
      gpu_hours: num('GPU hours to spend (the sum over trials of GPUs x hours).'),
      co2e_kg: num('kg CO2e to spend, measured from power draw (estimated from configured watts until measured).'),
      wall: { doc: 'Wall-clock time, with a unit: `90s`, `30m`, `48h`, `2d`.', kinds: ['string', 'number'] },
    },
  },
  gpus_per_trial: int('GPUs each trial gets (0 runs trials on CPUs).', { minimum: 0 }),
  gpus: { doc: 'GPU indices Rung may use on every host (default: all free ones).', kinds: ['list'], items: int('GPU index', { minimum: 0 }) },
  retries: int('How often a trial that failed without a matching `failures` rule is retried (default 1).', { minimum: 0 }),
  hosts: { doc: 'SSH hosts that run trials. Names resolve through ~/.ssh/config.', kinds: ['list'], items: host },
  slurm: {
    doc: 'Submit each trial as a Slurm batch job.',
    kinds: ['map'],
    keys: {
      login: str('SSH host of the login node (default: this machine\'s sbatch).'),
      partition: str('Partition (-p).'),
      gres: str('Generic resources, e.g. `gpu:1`.'),
      gpus: { doc: 'GPUs per job (--gpus).', kinds: ['integer', 'string'] },
      cpus: int('CPUs per task (--cpus-per-task).', { minimum: 1 }),
      mem: str('Memory per node (--mem), e.g. `16G`.'),
      time: str('Time limit (--time), e.g. `04:00:00`.'),
      account: str('Account to charge (--account).'),
      qos: str('Quality of service (--qos).'),
      constraint: str('Node features (--constraint).'),
      extra: { doc: 'Further #SBATCH options, one per item.', kinds: ['list'], items: str('An sbatch option') },
    },
  },
  cluster: {
    doc: 'Commands of another batch scheduler (SGE, PBS, LSF).',
    kinds: ['map'],
    keys: {
      login: str('SSH host of the login node the commands run on (default: this machine).'),
      submit: str('Submits `{script}` and prints the job id, e.g. `qsub {script}`.'),
      job_id: str('Regex whose first group is the job id in submit\'s output.'),
      status: str('Prints the state of `{job}`.'),
      running: str('Regex that matches status output while the job is queued or running.'),
      cancel: str('Cancels `{job}`.'),
    },
  },
  table: str('A recorded table of trained configurations to replay instead of running a command (benchmarks and demos).'),
  failures: {
    doc: 'What to do when a trial\'s log matches a pattern; first match wins, Rung\'s built-in rules follow yours.',
    kinds: ['list'],
    items: {
      doc: 'A failure rule',
      kinds: ['map'],
      keys: {
        pattern: str('A regex over the trial\'s log.'),
        action: str('`retry` (on another GPU), `discard` the configuration, `halt` the run, or mark the trial `fail`ed.', { values: FAILURE_ACTIONS }),
        max_retries: int('Retries before the trial counts as failed (retry only).', { minimum: 0 }),
      },
    },
  },
  energy: {
    doc: 'How energy becomes CO2e.',
    kinds: ['map'],
    keys: {
      pue: num('Power usage effectiveness of the data centre (1.0 to 3.0; 1.58 is a typical average).'),
      carbon_intensity: num('Grams CO2e per kWh of the grid (e.g. 432, the US average used by Strubell et al.).'),
      cpu_watts: num('Watts per trial for CPUs, when not measured.'),
      ram_watts: num('Watts per trial for memory, when not measured.'),
      gpu_watts: num('Watts per GPU, used only until power draw is measured.'),
    },
  },
  sync: {
    doc: 'Upload the local project to each host\'s workdir before the first launch.',
    kinds: ['map'],
    keys: {
      from: str('Local folder to upload (relative to the study file).'),
      exclude: { doc: 'Glob patterns not to upload (on top of .gitignore).', kinds: ['list'], items: str('A glob') },
      max_mb: num('Refuse to upload more than this many MB (default 200).'),
    },
  },
};

/** The spec of the key at a path of mapping keys (parameter and objective names are free). */
export function specAt(path: readonly string[]): KeySpec | undefined {
  let spec: KeySpec | undefined = { doc: 'A Rung study', kinds: ['map'], keys: TOP_LEVEL_KEYS };
  for (const key of path) {
    if (!spec) return undefined;
    if (spec.items && /^\d+$/.test(key)) spec = spec.items;
    else spec = spec.keys?.[key] ?? spec.named;
  }
  return spec;
}
