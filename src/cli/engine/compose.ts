/**
 * Builds an engine for a run folder: the study, its backend, scheduler,
 * searcher, journal and control channel, wired into a Tuner. The CLI's
 * composition root; the editor starts this same engine as a process.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunState } from '../../core/journal/state';
import { reduce, replay } from '../../core/journal/reducer';
import type { Backend, Clock, JournalStore, Logger } from '../../core/ports';
import type { SshHosts } from '../../backends/ssh/ssh-hosts';
import { createScheduler } from '../../core/schedule/create';
import { boOptionsFor, createSearcher } from '../../core/search/create';
import { configFormatOf, materialiseConfig } from '../../core/space/materialise';
import type { Study } from '../../core/space/model';
import { Tuner, type TunerOptions } from '../../core/tuner/tuner';
import { ControlReader } from '../../storage/control';
import { JournalFile } from '../../storage/journal-file';
import type { RunFolder } from '../../storage/run-folder';
import { backendFor } from './backend-for';
import type { LoginNode } from './cluster-shell';
import { loadStudy } from './load-study';

export const systemClock: Clock = { now: () => Date.now() };

export interface Engine {
  readonly tuner: Tuner;
  readonly study: Study;
  readonly state: RunState;
  close(): Promise<void>;
}

export interface EngineOptions {
  readonly run: RunFolder;
  /** The original study file: relative paths in the study resolve from its folder. */
  readonly studyFile: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly pollMs?: number;
  readonly backend?: (study: Study, studyDir: string) => Backend;
  readonly stopWhen?: TunerOptions['stopWhen'];
  /** A fresh run journals run-started with this seed; a resumed one already has it. */
  readonly fresh: boolean;
  /** --accept-new-host-key, for backends that connect over SSH. */
  readonly acceptNewHostKey?: boolean;
  /** The study's cluster login node, connected before the engine (connectLoginNode). */
  readonly loginNode?: LoginNode;
  /** Connections to the study's SSH hosts opened before the engine (see connectStudyHosts). */
  readonly sshHosts?: SshHosts;
}

export function openEngine(options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  const studyText = fs.readFileSync(options.run.study, 'utf8');
  const { study } = loadStudy(options.studyFile, studyText);
  const studyDir = path.dirname(path.resolve(options.studyFile));
  const opened = JournalFile.open(options.run.journal, clock);
  if (opened.torn) options.logger.warn(`the journal's last line was torn (an engine died mid-write); its ${opened.torn.bytes} bytes were dropped`);
  const state = replay(opened.events);
  const journal = opened.journal;
  if (options.fresh) reduce(state, journal.append({ type: 'run-started', runId: options.run.id, studyFile: path.resolve(options.studyFile), seed: study.seed }));
  reduce(state, journal.append({ type: 'engine-started', pid: process.pid, host: os.hostname() }));
  const backend = (options.backend ?? ((s: Study, dir: string) => backendFor(s, { runDir: options.run.dir, runId: options.run.id, studyDir: dir, logger: options.logger, acceptNewHostKey: options.acceptNewHostKey === true, ...(options.loginNode ? { loginNode: options.loginNode } : {}), ...(options.sshHosts ? { sshHosts: options.sshHosts } : {}) })))(study, studyDir);
  const control = ControlReader.atEnd(options.run.dir);
  const base = baseConfigOf(study, studyDir);
  // Built-in objectives (co2e, gpu_hours...) count too: the engine journals their values with every result, so both schedulers and models see them.
  const objectives = study.objectives.map((o) => ({ name: o.name, mode: o.mode }));
  const tuner = new Tuner(
    {
      study: { ...study, ...(study.workdir !== undefined ? { workdir: resolveWorkdir(study.workdir, studyDir) } : { workdir: studyDir }) },
      state, backend, journal: crashAfter(journal, process.env['RUNG_CRASH_AFTER']), clock, logger: options.logger,
      scheduler: createScheduler(study.scheduler, objectives),
      searcher: createSearcher(study.searcher, study.parameters, objectives, boOptionsFor(study, backend)),
      control: { take: () => control.read().requests.map((r) => (r.request === 'stop-trial' ? { request: r.request, trial: r.trial } : { request: r.request })) },
    },
    {
      pollMs: options.pollMs ?? 250,
      ...(options.stopWhen ? { stopWhen: options.stopWhen } : {}),
      ...(base ? { materialise: (config) => ({ name: base.name, text: materialiseConfig(base.text, base.format, config).text }) } : {}),
    },
  );
  return {
    tuner, study, state,
    close: async () => {
      await backend.close();
      journal.close();
    },
  };
}

function resolveWorkdir(workdir: string, studyDir: string): string {
  if (workdir === '~' || workdir.startsWith('~/')) return path.join(os.homedir(), workdir.slice(1));
  return path.resolve(studyDir, workdir);
}

function baseConfigOf(study: Study, studyDir: string): { name: string; text: string; format: 'yaml' | 'json' } | undefined {
  if (!study.baseConfig) return undefined;
  const file = path.resolve(studyDir, study.baseConfig.path);
  const format = configFormatOf(file);
  return { name: `config.${format === 'json' ? 'json' : 'yaml'}`, text: fs.readFileSync(file, 'utf8'), format };
}

/**
 * Fault injection for the crash tests: RUNG_CRASH_AFTER=type:n kills this
 * engine with SIGKILL right after its n-th journalled event of that type,
 * which is exactly the crash a power cut or the OOM killer causes there.
 */
function crashAfter(journal: JournalStore, spec: string | undefined): JournalStore {
  const m = spec ? /^([a-z-]+):(\d+)$/.exec(spec) : null;
  if (!m) return journal;
  let seen = 0;
  return {
    append: (e) => {
      const written = journal.append(e);
      if (e.type === m[1] && ++seen === Number(m[2])) process.kill(process.pid, 'SIGKILL');
      return written;
    },
  };
}
