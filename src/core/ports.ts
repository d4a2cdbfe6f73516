/**
 * What the core needs from its hosts. The tuner loop speaks only to these;
 * local, SSH, Slurm and table backends implement Backend, src/storage the
 * JournalStore, and tests or the table simulator the Clock.
 */
import type { NewEvent, RunEvent } from './journal/events';

export interface Clock {
  now(): number;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface JournalStore {
  /** Appends durably (fsync) and returns the event as written, with its version and time. */
  append(event: NewEvent): RunEvent;
}

/** A place one trial can run: a GPU set on a host, or a CPU slot. */
export interface Slot {
  readonly id: string;
  readonly host: string;
  /** GPU UUIDs (empty for CPU slots). */
  readonly gpus: readonly string[];
  /** The same GPUs' indices as nvidia-smi numbers them, for `{gpus}`. */
  readonly indices?: readonly number[];
}

export interface LaunchRequest {
  readonly runId: string;
  readonly trial: string;
  readonly launch: string;
  readonly slot: Slot;
  /** The shell command with every placeholder already rendered and quoted. */
  readonly command: string;
  readonly resource: number;
  readonly fromResource: number;
  readonly env: Readonly<Record<string, string>>;
  readonly workdir?: string;
  /** The trial's materialised base_config, written to `{config}` before the command starts. */
  readonly configFile?: { readonly name: string; readonly text: string };
  /** For table replays: the config itself. */
  readonly config: Readonly<Record<string, string | number | boolean>>;
  /**
   * For table replays: the row `resolveConfig` chose when the trial was created
   * (journalled on trial-created). Every launch of the trial replays that row,
   * even where the config is equally near to several.
   */
  readonly row?: string;
}

/** Where a launched trial lives: enough to find it again after the engine restarts. */
export interface LaunchHandle {
  readonly host: string;
  readonly gpus: readonly string[];
  /** Backend-specific (pid, job id, trial folder), opaque to the core. */
  readonly handle: string;
}

export type BackendEvent =
  /** New log text of a launch, in order, never repeated within one engine's life. */
  | { readonly type: 'output'; readonly launch: string; readonly text: string }
  /** A metric a backend knows directly (table replays). */
  | { readonly type: 'metric'; readonly launch: string; readonly resource: number; readonly values: Readonly<Record<string, number>>; readonly converged?: boolean }
  /** The launch's process is gone. `tail` is the end of its log, for failure rules. */
  | { readonly type: 'exit'; readonly launch: string; readonly exitCode: number | null; readonly signal?: string; readonly tail: string; readonly reason?: string }
  | { readonly type: 'power'; readonly host: string; readonly samples: readonly { gpu: string; t: number; watts: number | null; util: number | null; memMiB: number | null }[] };

export interface LaunchRecord {
  readonly trial: string;
  readonly launch: string;
  /** Undefined when the engine died between journalling the intent and the launch. */
  readonly handle?: LaunchHandle;
}

export type Reconciled =
  | { readonly launch: string; readonly status: 'running'; readonly handle: LaunchHandle }
  | { readonly launch: string; readonly status: 'exited'; readonly exitCode: number | null; readonly tail: string }
  | { readonly launch: string; readonly status: 'missing'; readonly reason: string };

export interface Backend {
  /** Free slots right now. */
  freeSlots(): Promise<readonly Slot[]>;
  /** Starts a detached trial. Must be idempotent per launch id: launching an id that already runs returns its handle. */
  launch(request: LaunchRequest): Promise<LaunchHandle>;
  /** Events since the last call, waiting up to `waitMs` for the first one. */
  poll(waitMs: number): Promise<readonly BackendEvent[]>;
  /** Asks a launch to stop (SIGTERM, then SIGKILL after a grace period); its exit arrives through poll. */
  stop(launch: string): Promise<void>;
  /**
   * After a restart: which of these launches still run, which exited, which
   * are gone. For 'running' and 'exited' launches the backend then delivers,
   * through poll(), their whole log again from the start (metrics already
   * journalled are merged, not duplicated) and, for exited ones, the exit.
   */
  reconcile(launches: readonly LaunchRecord[]): Promise<readonly Reconciled[]>;
  /** The folder a trial works in on the host that runs it (`{trial_dir}`); `{config}` is a file in it. */
  trialDir(trial: string): string;
  /**
   * Backends that can only run known configurations (a recorded table) map a
   * proposal to the one they will actually run, so the searcher is told the
   * result of what ran.
   */
  resolveConfig?(config: Readonly<Record<string, string | number | boolean>>): { readonly config: Readonly<Record<string, string | number | boolean>>; readonly row: string };
  close(): Promise<void>;
}
