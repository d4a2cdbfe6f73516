/**
 * One host of a remote backend: its shell, what it was found to offer, and
 * whether it answers. A host whose shell rejects (unreachable, timed out) is
 * down: it gets no new trials, and is tried again after a pause that grows
 * while it stays down. Its running trials are not given up: the next look
 * after it answers again finds them alive, finished or gone.
 */
import type { Logger, Slot } from '../../core/ports';
import type { ExecOptions, ExecResult, HostShell } from '../shell/host-shell';
import { freeGpuSlots } from '../local/gpu-slots';
import { discoveryScript, parseDiscovery, type Discovery } from './host-discovery';

export interface RemoteHostOptions {
  readonly shell: HostShell;
  /** The name trials and slots carry (the study's alias). Default: the shell's label. */
  readonly name?: string;
  /** The host's `gpus:` (indices). */
  readonly gpus?: readonly number[];
  /** Overrides the study's workdir on this host. */
  readonly workdir?: string;
}

export interface HostSettings {
  readonly workdir: string;
  readonly nvidiaSmi: string;
  readonly gpusPerTrial: number;
  /** CPU slots per host when gpus_per_trial is 0. */
  readonly cpuSlots: number;
  /** How long a GPU inventory is trusted: other people's processes come and go. */
  readonly inventoryTtlMs: number;
  readonly execTimeoutMs: number;
  readonly logger: Logger;
}

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 60_000;
/** How long the driver may go on listing a process that has ended. */
const RELEASE_LAG_MS = 3000;

export class RemoteHost {
  readonly name: string;
  readonly shell: HostShell;
  readonly workdir: string;
  private down: { readonly reason: string; readonly retryAt: number } | undefined;
  private retryMs = FIRST_RETRY_MS;
  private found: { readonly discovery: Discovery; readonly at: number } | undefined;
  /** The last problem told to the user, so a host that stays wrong is not reported every round. */
  private told: string | undefined;
  private readonly releasedAt = new Map<string, number>();

  constructor(private readonly options: RemoteHostOptions, private readonly settings: HostSettings) {
    this.shell = options.shell;
    this.name = options.name ?? options.shell.label;
    this.workdir = options.workdir ?? settings.workdir;
  }

  get allowedGpus(): readonly number[] | undefined {
    return this.options.gpus;
  }

  /** Why the host is down, or undefined when it is up. */
  get downReason(): string | undefined {
    return this.down?.reason;
  }

  /** Whether the host may be asked now: up, or down long enough to try again. */
  askable(now = Date.now()): boolean {
    return this.down === undefined || now >= this.down.retryAt;
  }

  /** Runs a command; a rejection marks the host down and rejects with a message naming it. */
  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    try {
      const result = await this.shell.exec(command, { timeoutMs: this.settings.execTimeoutMs, ...options });
      this.markUp();
      return result;
    } catch (e) {
      throw this.markDown(e);
    }
  }

  /** The absolute workdir on the host, finding it first if need be. */
  async root(): Promise<string> {
    const d = this.found?.discovery ?? (await this.discover());
    if (d.kind === 'no-workdir') throw new Error(this.noWorkdir());
    return d.root;
  }

  /** The discovery, if it is known (no command is run). */
  get discovery(): Discovery | undefined {
    return this.found?.discovery;
  }

  /** Free slots on this host, given the GPUs and CPU slots our own running launches hold there. */
  async freeSlots(ourGpus: ReadonlySet<string>, ourCount: number): Promise<Slot[]> {
    if (!this.askable()) return [];
    let d: Discovery;
    try {
      d = this.found && Date.now() - this.found.at < this.settings.inventoryTtlMs ? this.found.discovery : await this.discover();
    } catch {
      return [];
    }
    if (d.kind === 'no-workdir') return this.tell(this.noWorkdir()), [];
    if (this.settings.gpusPerTrial === 0) {
      const slots: Slot[] = [];
      for (let i = ourCount; i < this.settings.cpuSlots; i++) slots.push({ id: `${this.name}/cpu${i}`, host: this.name, gpus: [] });
      return slots;
    }
    const g = d.gpus;
    if (g.kind !== 'gpus') {
      const why = g.kind === 'none' ? g.failure.message : 'no GPUs were asked for';
      this.tell(`${this.name}: ${why.replace(/[.\s]+$/, '')}, so no trials run there (the study asks for ${this.settings.gpusPerTrial} GPU(s) per trial; \`gpus_per_trial: 0\` runs CPU trials).`);
      return [];
    }
    const missing = (this.options.gpus ?? []).filter((i) => !g.gpus.some((x) => x.index === i));
    if (missing.length > 0) this.tell(`${this.name}: the study asks for GPU(s) ${missing.join(', ')}, which it does not have (it has ${g.gpus.map((x) => x.index).join(', ') || 'none'}).`);
    const index = new Map(g.gpus.map((x) => [x.uuid, x.index]));
    // An inventory taken before (or just after) our trial left a GPU still shows its process and memory there.
    const seenAt = this.found?.at ?? 0;
    const left = new Set([...this.releasedAt].filter(([, t]) => t > seenAt - RELEASE_LAG_MS).map(([u]) => u));
    const gpus = g.gpus.map((x) => (left.has(x.uuid) ? { ...x, memoryUsedMiB: null } : x));
    const apps = g.apps.filter((a) => !left.has(a.gpuUuid));
    return freeGpuSlots(gpus, apps, ourGpus, {
      host: this.name, gpusPerTrial: this.settings.gpusPerTrial, ...(this.options.gpus ? { allowed: this.options.gpus } : {}),
    }).map((s) => ({ ...s, id: `${this.name}/${s.id}`, indices: s.gpus.map((u) => index.get(u) ?? -1) }));
  }

  /** Our launch on these GPUs has ended: whatever an older inventory says of them was ours. */
  release(gpus: readonly string[]): void {
    const now = Date.now();
    for (const [u, t] of this.releasedAt) if (now - t > this.settings.inventoryTtlMs + RELEASE_LAG_MS) this.releasedAt.delete(u);
    for (const u of gpus) this.releasedAt.set(u, now);
  }

  private async discover(): Promise<Discovery> {
    const withGpus = this.settings.gpusPerTrial > 0;
    const out = await this.exec(discoveryScript(this.workdir, this.settings.nvidiaSmi, withGpus));
    const discovery = parseDiscovery(out.stdout, this.workdir, withGpus);
    this.found = { discovery, at: Date.now() };
    return discovery;
  }

  private noWorkdir(): string {
    return `${this.name}: the workdir ${this.workdir} does not exist there; create it, or fix \`workdir:\` in the study.`;
  }

  private tell(message: string): void {
    if (this.told === message) return;
    this.told = message;
    this.settings.logger.warn(message);
  }

  private markDown(e: unknown): Error {
    const reason = (e as Error).message;
    if (this.down === undefined) {
      this.settings.logger.warn(`${this.name} is unreachable (${reason}); no new trials go there until it answers again.`);
    }
    this.down = { reason, retryAt: Date.now() + this.retryMs };
    this.retryMs = Math.min(LAST_RETRY_MS, this.retryMs * 2);
    return new Error(`${this.name} is unreachable: ${reason}`);
  }

  private markUp(): void {
    if (this.down === undefined) return;
    this.down = undefined;
    this.retryMs = FIRST_RETRY_MS;
    this.settings.logger.info(`${this.name} answers again.`);
  }
}
