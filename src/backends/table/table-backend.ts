/**
 * A Backend that replays a recorded table on a simulated clock.
 *
 * A launch resolves its config to a row (the nearest one), then reports that
 * row's metric at each checkpoint from fromResource + 1 up to the requested
 * resource, one simulated `checkpointMs` apart, and exits with code 0 at the
 * last one. A curve that ends early flags its last report `converged`. Scalar
 * tables report the row's final metrics once, `evaluationMs` after the launch.
 *
 * poll() never waits: it moves the clock to the next due event (if that is
 * within `waitMs`) and returns every event due by then, so their journal
 * timestamps are the simulated times. A loop that wants the next event
 * whenever it comes polls with an infinite wait.
 */
import type { Backend, BackendEvent, LaunchHandle, LaunchRecord, LaunchRequest, Reconciled, Slot } from '../../core/ports';
import type { Scalar } from '../../core/space/model';
import { replayLaunch, curveLength, type MetricMode } from '../../core/table/curves';
import { configKey } from '../../core/space/config';
import { RowIndex, seededPicker } from '../../core/table/nearest';
import { checkObjectives, TableError, type RecordedTable, type TableRow } from '../../core/table/table';
import type { SimulatedClock } from './clock';

export interface TableBackendOptions {
  readonly table: RecordedTable;
  /** Names the table in messages (its path). */
  readonly source: string;
  /** The study's objectives: which metrics to report, and which way is best for best-so-far. */
  readonly objectives: readonly MetricMode[];
  readonly clock: SimulatedClock;
  /** Seeds the tie-breaker of nearest-row replacement. */
  readonly seed: number;
  /** Trials at once; the benchmark protocol is sequential. Default 1. */
  readonly parallel?: number;
  /** Simulated time one checkpoint takes. Default one minute. */
  readonly checkpointMs?: number;
  /** Simulated time one evaluation of a scalar table takes. Default one minute. */
  readonly evaluationMs?: number;
}

const HOST = 'table';
const MINUTE = 60_000;

/** The events a replay produces: a launch's metrics and its exit. */
type ReplayEvent = Extract<BackendEvent, { type: 'metric' | 'exit' }>;

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly event: ReplayEvent;
  /** Checkpoints (or evaluations) this event stands for, counted when it is delivered. */
  readonly cost: number;
}

interface Active {
  readonly slot: string;
  readonly handle: LaunchHandle;
  readonly row: TableRow;
  readonly fromResource: number;
  /** Highest checkpoint delivered through poll(). */
  reached: number;
}

export class TableBackend implements Backend {
  private readonly index: RowIndex;
  private readonly rowsById: ReadonlyMap<string, TableRow>;
  private readonly slots: readonly Slot[];
  private readonly active = new Map<string, Active>();
  private queue: Scheduled[] = [];
  private seq = 0;
  private trained = 0;

  constructor(private readonly options: TableBackendOptions) {
    checkObjectives(options.table, options.objectives, options.source);
    const parallel = options.parallel ?? 1;
    if (!Number.isInteger(parallel) || parallel < 1) throw new RangeError(`parallel must be a whole number of trials >= 1, not ${parallel}`);
    this.index = new RowIndex(options.table);
    this.rowsById = new Map(options.table.rows.map((r) => [r.id, r]));
    this.slots = Array.from({ length: parallel }, (_, i) => ({ id: `${HOST}-${i}`, host: HOST, gpus: [] }));
  }

  /**
   * The row a proposal is replaced by, and the config of that row in the
   * proposal's own parameters. A pure function of the proposal and the seed:
   * ties between equally near rows are broken by a picker seeded with both,
   * so a searcher may ask what a candidate would run as, as often as it
   * likes, without changing what a later proposal resolves to, and a
   * resumed run resolves as the uninterrupted one did.
   */
  resolveConfig(config: Readonly<Record<string, Scalar>>): { readonly config: Readonly<Record<string, Scalar>>; readonly row: string } {
    const { row } = this.index.resolve(config, seededPicker(tieSeed(this.options.seed, configKey(config))));
    const got: Record<string, Scalar> = {};
    for (const name of Object.keys(config)) got[name] = row.config[name] as Scalar;
    return { config: got, row: row.id };
  }

  async freeSlots(): Promise<readonly Slot[]> {
    const busy = new Set([...this.active.values()].map((a) => a.slot));
    return this.slots.filter((s) => !busy.has(s.id));
  }

  async launch(request: LaunchRequest): Promise<LaunchHandle> {
    const running = this.active.get(request.launch);
    if (running) return running.handle;
    if (!this.slots.some((s) => s.id === request.slot.id)) throw new Error(`slot ${request.slot.id} is not a slot of the table backend; launch on one freeSlots() returned`);
    if ([...this.active.values()].some((a) => a.slot === request.slot.id)) throw new Error(`slot ${request.slot.id} is busy; launch on one freeSlots() returned`);
    const row = this.rowFor(request);
    const replay = replayLaunch(this.options.table, row, this.options.objectives, request.fromResource, request.resource);
    const start = this.options.clock.now();
    const step = this.options.table.kind === 'scalar' ? (this.options.evaluationMs ?? MINUTE) : (this.options.checkpointMs ?? MINUTE);
    let at = start;
    for (const report of replay.reports) {
      // A report that repeats a checkpoint already trained (a resume past the curve's end) takes no time.
      const cost = report.resource > request.fromResource || this.options.table.kind === 'scalar' ? 1 : 0;
      at += cost * step;
      this.schedule(at, { type: 'metric', launch: request.launch, resource: report.resource, values: report.values, ...(report.converged ? { converged: true } : {}) }, cost);
    }
    const last = replay.reports[replay.reports.length - 1];
    this.schedule(at, { type: 'exit', launch: request.launch, exitCode: 0, tail: this.describe(row, request.fromResource, last?.resource, last?.converged === true) }, 0);
    const handle: LaunchHandle = { host: HOST, gpus: [], handle: `row ${row.id}` };
    this.active.set(request.launch, { slot: request.slot.id, handle, row, fromResource: request.fromResource, reached: request.fromResource });
    return handle;
  }

  async poll(waitMs: number): Promise<readonly BackendEvent[]> {
    const next = this.queue[0];
    if (!next) return [];
    const clock = this.options.clock;
    if (next.at > clock.now()) {
      if (next.at - clock.now() > waitMs) {
        clock.advanceBy(waitMs);
        return [];
      }
      clock.advanceTo(next.at);
    }
    const now = clock.now();
    let due = 0;
    while (due < this.queue.length && (this.queue[due] as Scheduled).at <= now) due++;
    const delivered = this.queue.slice(0, due);
    this.queue = this.queue.slice(due);
    for (const s of delivered) {
      this.trained += s.cost;
      const active = this.active.get(s.event.launch);
      if (s.event.type === 'metric' && active) active.reached = Math.max(active.reached, s.event.resource);
      if (s.event.type === 'exit') this.active.delete(s.event.launch);
    }
    return delivered.map((s) => s.event);
  }

  async stop(launch: string): Promise<void> {
    const active = this.active.get(launch);
    if (!active) return;
    const now = this.options.clock.now();
    const endsByNow = this.queue.some((s) => s.event.launch === launch && s.event.type === 'exit' && s.at <= now);
    if (endsByNow) return;
    this.queue = this.queue.filter((s) => !(s.event.launch === launch && s.at > now));
    let reached = active.reached;
    for (const s of this.queue) if (s.event.launch === launch && s.event.type === 'metric') reached = Math.max(reached, s.event.resource);
    this.schedule(now, { type: 'exit', launch, exitCode: null, signal: 'SIGTERM', tail: `${this.describe(active.row, active.fromResource, reached, false)}; stopped` }, 0);
  }

  async reconcile(launches: readonly LaunchRecord[]): Promise<readonly Reconciled[]> {
    return launches.map((l): Reconciled => {
      const active = this.active.get(l.launch);
      if (active) return { launch: l.launch, status: 'running', handle: active.handle };
      return { launch: l.launch, status: 'missing', reason: 'a table replay runs on the simulated clock of the engine that started it and ended with that engine; launch the trial again from its last journalled checkpoint' };
    });
  }

  /** Table trials write nothing: the folder is a name for `{trial_dir}`, never created. */
  trialDir(trial: string): string {
    return `table/${trial}`;
  }

  async close(): Promise<void> {
    this.queue = [];
    this.active.clear();
  }

  /** Checkpoints (evaluations, for scalar tables) trained so far by every launch: the replay's total cost. */
  spent(): number {
    return this.trained;
  }

  private rowFor(request: LaunchRequest): TableRow {
    if (request.row === undefined) return this.rowsById.get(this.resolveConfig(request.config).row) as TableRow;
    const row = this.rowsById.get(request.row);
    if (!row) throw new TableError(`${this.options.source} has no row ${request.row}; was the run started on another table?`);
    return row;
  }

  private schedule(at: number, event: ReplayEvent, cost: number): void {
    const item: Scheduled = { at, seq: this.seq++, event, cost };
    // Keep (at, seq) order: events of one time come out in the order they were scheduled.
    let i = this.queue.length;
    while (i > 0 && (this.queue[i - 1] as Scheduled).at > at) i--;
    this.queue.splice(i, 0, item);
  }

  private describe(row: TableRow, fromResource: number, reached: number | undefined, converged: boolean): string {
    if (this.options.table.kind === 'scalar') return `table row ${row.id}: final metrics reported`;
    const length = curveLength(row);
    const trained = reached === undefined || reached <= fromResource ? 'no new checkpoints' : `checkpoints ${fromResource + 1}-${reached} of ${length}`;
    return `table row ${row.id}: ${trained}${converged ? ' (the curve ends here: converged)' : ''}`;
  }
}

/** A 32-bit seed from the run's seed and a proposal's key (FNV-1a over both). */
function tieSeed(seed: number, key: string): number {
  let h = 0x811c9dc5;
  const text = `${seed}/${key}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
