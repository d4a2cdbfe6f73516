/**
 * The typed model of a study file. Every part keeps the spans it came from so
 * that rules, hovers and quick fixes point at the right place.
 */
import type { Span } from './diagnostic';
import type { Condition } from './condition';

export type Scalar = string | number | boolean;

export type Distribution =
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number; readonly step?: number; readonly log: boolean }
  | { readonly kind: 'int'; readonly low: number; readonly high: number; readonly step?: number; readonly log: boolean }
  | { readonly kind: 'choice' | 'ordinal'; readonly values: readonly Scalar[] }
  | { readonly kind: 'constant'; readonly value: Scalar };

export interface Parameter {
  readonly name: string;
  readonly nameSpan: Span;
  /** Span of the whole value (the distribution mapping or the constant). */
  readonly span: Span;
  readonly distribution: Distribution;
  readonly when?: { readonly text: string; readonly span: Span; readonly condition: Condition | undefined };
}

export interface Objective {
  readonly name: string;
  readonly nameSpan: Span;
  readonly mode: 'max' | 'min';
  readonly pattern?: { readonly source: string; readonly span: Span };
  /** Reference point for hypervolume, when given. */
  readonly ref?: number;
  readonly builtin: boolean;
}

export type SchedulerType = 'fifo' | 'asha' | 'hyperband';

export interface Scheduler {
  readonly type: SchedulerType;
  readonly resource: string;
  readonly min: number;
  readonly max: number;
  readonly reduction: number;
  readonly mode: 'promotion' | 'stopping';
  readonly brackets?: number;
  readonly span: Span;
}

export interface Budget {
  readonly trials?: number;
  readonly gpuHours?: number;
  readonly co2eKg?: number;
  readonly wallSeconds?: number;
}

export interface HostSpec {
  /** The name the study uses (an ~/.ssh/config alias or a host name). */
  readonly alias: string;
  readonly span: Span;
  readonly user?: string;
  readonly port?: number;
  readonly identityFile?: string;
  readonly gpus?: readonly number[];
  readonly workdir?: string;
}

export interface SlurmSpec {
  readonly login?: string;
  readonly partition?: string;
  readonly gres?: string;
  readonly gpus?: string | number;
  readonly cpus?: number;
  readonly mem?: string;
  readonly time?: string;
  readonly account?: string;
  readonly qos?: string;
  readonly constraint?: string;
  readonly extra: readonly string[];
}

export interface ClusterSpec {
  readonly login?: string;
  readonly submit: string;
  readonly jobId: string;
  readonly status: string;
  readonly running: string;
  readonly cancel: string;
}

export type FailureAction = 'retry' | 'discard' | 'halt' | 'fail';

export interface FailureRule {
  readonly pattern: string;
  readonly action: FailureAction;
  readonly maxRetries?: number;
}

export interface EnergySettings {
  readonly pue: number;
  /** g CO2e per kWh. */
  readonly carbonIntensity: number;
  readonly cpuWatts: number;
  readonly ramWatts: number;
  /** Per GPU, used only until power draw is measured. */
  readonly gpuWatts: number;
}

export interface SyncSpec {
  readonly from: string;
  readonly exclude: readonly string[];
  readonly maxMb: number;
}

export type SearcherType = 'random' | 'grid' | 'bo';

export interface Study {
  readonly version: number;
  readonly name?: string;
  readonly command?: { readonly text: string; readonly span: Span };
  readonly workdir?: string;
  readonly baseConfig?: { readonly path: string; readonly span: Span };
  readonly env: Readonly<Record<string, string>>;
  readonly parameters: readonly Parameter[];
  readonly objectives: readonly Objective[];
  readonly searcher: SearcherType;
  readonly searcherInitial?: number;
  readonly seed: number;
  readonly scheduler: Scheduler;
  readonly parallel?: number;
  readonly budget: Budget;
  readonly gpusPerTrial: number;
  readonly gpus?: readonly number[];
  readonly retries: number;
  readonly hosts: readonly HostSpec[];
  readonly slurm?: SlurmSpec;
  readonly cluster?: ClusterSpec;
  readonly table?: { readonly path: string; readonly span: Span };
  readonly failures: readonly FailureRule[];
  readonly energy: EnergySettings;
  readonly sync?: SyncSpec;
}

/** Defaults stated once; docs/space-language.md repeats them for users. */
export const DEFAULT_ENERGY: EnergySettings = { pue: 1.58, carbonIntensity: 432, cpuWatts: 65, ramWatts: 10, gpuWatts: 300 };
