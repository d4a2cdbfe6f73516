/**
 * Peer numbers for the multi-fidelity protocol: Optuna 3.1 (Debian's
 * python3-optuna 3.1.0), measured on the same machine kind (2 cores), 20 seeds
 * per cell, on the same tables. Regret of best_final at 5U / 10U / 20U,
 * medians over seeds.
 */

export const PEER_SOURCE = 'Optuna 3.1, measured on the same machine kind';

/** rs_full: random search, full training; rs_sha: random + SuccessiveHalvingPruner (reduction 4); tpe_hb / rs_hb: TPE / random + HyperbandPruner (reduction 3). */
export const PEER_METHODS = ['rs_full', 'rs_sha', 'tpe_hb', 'rs_hb'] as const;

export interface PeerCorpus {
  /** Matches the study files' corpus name (bench/studies/<corpus>.<method>.rung.yaml). */
  readonly corpus: string;
  readonly label: string;
  /** U as the peers computed it. */
  readonly u: number;
  /** Regret at [5U, 10U, 20U] per method, in PEER_METHODS order. */
  readonly regrets: readonly (readonly [number, number, number])[];
}

export const PEER_MULTIFIDELITY: readonly PeerCorpus[] = [
  { corpus: 'scratch-zh-en', label: 'scratch zh-en, perplexity', u: 24.9, regrets: [[1.48, 0.38, 0.23], [0.73, 0.53, 0.38], [1.11, 0.38, 0.23], [0.73, 0.23, 0.0]] },
  { corpus: 'scratch-ru-en', label: 'scratch ru-en, perplexity', u: 27.8, regrets: [[1.89, 0.68, 0.54], [1.07, 0.46, 0.15], [0.78, 0.54, 0.46], [1.82, 0.54, 0.22]] },
  { corpus: 'scratch-en-ja', label: 'scratch en-ja, perplexity', u: 234, regrets: [[1.74, 0.37, 0.23], [0.2, 0.0, 0.0], [1.28, 0.17, 0.16], [1.14, 0.16, 0.0]] },
  { corpus: 'scratch-sw-en', label: 'scratch sw-en, perplexity', u: 20.1, regrets: [[3.19, 1.87, 1.35], [2.37, 0.87, 0.37], [1.99, 1.22, 1.04], [2.61, 1.87, 0.93]] },
  { corpus: 'finetune-zh-en', label: 'finetune zh-en, BLEU', u: 15.3, regrets: [[1.25, 1.09, 0.51], [1.14, 0.03, 0.02], [1.14, 1.09, 0.04], [1.13, 0.51, 0.04]] },
];

/** One row of protocol (a), cells as the peers printed them: median [25th, 75th] over seeds. */
export interface PeerSingleObjective {
  /** Matches the study files' table name (bench/studies/nmthpo/<pair>.<searcher>.rung.yaml). */
  readonly pair: string;
  readonly sampler: string;
  readonly regret20: string;
  readonly regret50: string;
  /** Evaluations to the best row, then (runs that reached it / 20). */
  readonly ftb: string;
}

/** (a) Maximise dev_bleu on the NMTHPO tables: regret at 20 and 50 evaluations, ftb. */
export const PEER_SINGLE_OBJECTIVE: readonly PeerSingleObjective[] = [
  { pair: 'zh-en', sampler: 'random', regret20: '0.35 [0.00, 0.54]', regret50: '0.00 [0.00, 0.30]', ftb: '46 [14, >118] (15)' },
  { pair: 'zh-en', sampler: 'TPE', regret20: '0.51 [0.23, 0.69]', regret50: '0.30 [0.00, 0.51]', ftb: '>118 [25, >118] (10)' },
  { pair: 'zh-en', sampler: 'TPE multivariate', regret20: '0.51 [0.23, 0.69]', regret50: '0.30 [0.00, 0.30]', ftb: '>118 [20.5, >118] (9)' },
  { pair: 'ru-en', sampler: 'random', regret20: '0.63 [0.30, 0.74]', regret50: '0.29 [0.22, 0.63]', ftb: '>176 (8)' },
  { pair: 'ru-en', sampler: 'TPE', regret20: '0.63 [0.30, 0.70]', regret50: '0.15 [0.00, 0.32]', ftb: '71 [39, >176] (14)' },
  { pair: 'ru-en', sampler: 'TPE multivariate', regret20: '0.25 [0.11, 0.66]', regret50: '0.00 [0.00, 0.00]', ftb: '31.5 [20.5, 42.2] (20)' },
  { pair: 'en-ja', sampler: 'random', regret20: '0.60 [0.40, 0.85]', regret50: '0.53 [0.00, 0.55]', ftb: '68 [20, 111] (17)' },
  { pair: 'en-ja', sampler: 'TPE', regret20: '0.55 [0.00, 0.71]', regret50: '0.00 [0.00, 0.13]', ftb: '40.5 [16, 52.5] (20)' },
  { pair: 'en-ja', sampler: 'TPE multivariate', regret20: '0.53 [0.00, 0.55]', regret50: '0.00 [0.00, 0.00]', ftb: '24.5 [17.2, 30.2] (20)' },
  { pair: 'sw-en', sampler: 'random', regret20: '2.92 [2.45, 3.55]', regret50: '1.85 [0.43, 2.52]', ftb: '>400 (7)' },
  { pair: 'sw-en', sampler: 'TPE', regret20: '1.95 [0.18, 2.52]', regret50: '0.18 [0.00, 1.59]', ftb: '88 [34, 269] (16)' },
  { pair: 'sw-en', sampler: 'TPE multivariate', regret20: '1.33 [0.18, 2.44]', regret50: '0.09 [0.00, 1.78]', ftb: '52.5 [32, 69] (19)' },
];

/** (b) Samplers of the two-objective peer numbers, in the order of their cells. */
export const PEER_PARETO_SAMPLERS = ['random', 'NSGA-II', 'NSGA-II pop 10', 'MOTPE'] as const;

/** One table of protocol (b): medians over seeds per sampler, in PEER_PARETO_SAMPLERS order. */
export interface PeerTwoObjectives {
  readonly pair: string;
  /** Rows on the table's true Pareto front. */
  readonly front: number;
  readonly hv50: readonly number[];
  readonly hv100: readonly number[];
  readonly fbp100: readonly number[];
}

/** (b) Maximise dev_bleu, minimise dev_gpu_time: HV ratio at 50 and 100 evaluations, Pareto rows found at 100. */
export const PEER_TWO_OBJECTIVES: readonly PeerTwoObjectives[] = [
  { pair: 'zh-en', front: 3, hv50: [0.981, 0.981, 0.973, 0.969], hv100: [0.996, 0.993, 0.986, 0.986], fbp100: [2, 2, 1, 1] },
  { pair: 'ru-en', front: 4, hv50: [0.942, 0.942, 0.963, 0.937], hv100: [0.979, 0.976, 0.993, 0.957], fbp100: [1, 1, 2, 1] },
  { pair: 'en-ja', front: 8, hv50: [0.984, 0.984, 0.979, 0.955], hv100: [0.991, 0.99, 0.989, 0.989], fbp100: [4.5, 4, 5, 5] },
  { pair: 'sw-en', front: 14, hv50: [0.918, 0.918, 0.911, 0.93], hv100: [0.932, 0.946, 0.929, 0.96], fbp100: [2, 2, 3, 4] },
];
