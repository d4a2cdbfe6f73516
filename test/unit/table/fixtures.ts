/** Small hand-made tables whose answers can be worked out by hand. */
import { parseTable, type RecordedTable } from '../../../src/core/table/table';

/** A 3 x 2 grid missing (lr 0.001, layers 4); ids are 10, 11, ... so ids never equal row indices. */
export const SCALAR_JSON = {
  hyperparameters: { lr: [0.0003, 0.0006, 0.001], layers: [2, 4] },
  rows: [
    { id: 10, config: { lr: 0.0003, layers: 2 }, config_scaled: [0, 0], dev_bleu: 10, dev_gpu_time: 100, pareto: 0 },
    { id: 11, config: { lr: 0.0003, layers: 4 }, config_scaled: [0, 1], dev_bleu: 12, dev_gpu_time: 200, pareto: 0 },
    { id: 12, config: { lr: 0.0006, layers: 2 }, config_scaled: [0.5, 0], dev_bleu: 14, dev_gpu_time: 50, pareto: 1 },
    { id: 13, config: { lr: 0.0006, layers: 4 }, config_scaled: [0.5, 1], dev_bleu: 16, dev_gpu_time: 300, pareto: 1 },
    { id: 14, config: { lr: 0.001, layers: 2 }, config_scaled: [1, 0], dev_bleu: 11, dev_gpu_time: 400, pareto: 0 },
  ],
};

/** Curves of lengths 4, 2 and 6; `heads` lives beside the config, as NMTLC's num_heads does. */
export const CURVE_JSON = {
  hyperparameters: { size: [256, 512, 1024], heads: [8, 16], batch: [4096] },
  rows: [
    { id: 0, config: { size: 256, batch: 4096 }, heads: 8, perplexity_curve: [9, 7, 8, 6], perplexity_optimal: 6, num_checkpoints: 4 },
    { id: 1, config: { size: 512, batch: 4096 }, heads: 8, perplexity_curve: [5, 4], perplexity_optimal: 4, num_checkpoints: 2 },
    { id: 2, config: { size: 1024, batch: 4096 }, heads: 16, perplexity_curve: [20, 10, 12, 3, 5, 4], perplexity_optimal: 3, num_checkpoints: 6 },
  ],
};

export const scalarTable = (): RecordedTable => parseTable(structuredClone(SCALAR_JSON), 'scalar.json');
export const curveTable = (): RecordedTable => parseTable(structuredClone(CURVE_JSON), 'curves.json');
