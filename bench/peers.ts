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
