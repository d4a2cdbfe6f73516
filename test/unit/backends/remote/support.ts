/** A RemoteBackend over test hosts, closed and removed after each test. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RemoteBackend, type RemoteBackendOptions } from '../../../../src/backends/remote/remote-backend';
import type { RemoteHostOptions } from '../../../../src/backends/remote/remote-host';
import type { Slot } from '../../../../src/core/ports';
import { recordingLogger, removeDir, tempDir, type RecordingLogger } from '../../support/temp';
import { makeHost, type GpuLine, type TestHost } from './hosts';

export interface Lab {
  readonly base: string;
  readonly runDir: string;
  readonly logger: RecordingLogger;
  host(name: string, gpus: readonly GpuLine[] | undefined): TestHost;
  backend(hosts: readonly (TestHost | (RemoteHostOptions & { readonly host: TestHost }))[], extra?: Partial<RemoteBackendOptions>): RemoteBackend;
  /** The folder a launch's files are in on its host. */
  trialFolder(host: TestHost, trial: string): string;
  cleanup(): Promise<void>;
}

export const RUN_ID = 'run1';

export function lab(): Lab {
  const base = tempDir('rung-remote-');
  const runDir = path.join(base, 'local-run');
  const logger = recordingLogger();
  const open: RemoteBackend[] = [];
  return {
    base, runDir, logger,
    host: (name, gpus) => makeHost(base, name, gpus),
    backend(hosts, extra = {}) {
      const b = new RemoteBackend({
        runDir, runId: RUN_ID, logger, stopGraceMs: 500, pollIntervalMs: 50,
        hosts: hosts.map((h) => ('host' in h ? { ...h, shell: h.host.shell, name: h.host.name, workdir: h.workdir ?? h.host.workdir } : { shell: h.shell, name: h.name, workdir: h.workdir })),
        ...extra,
      });
      open.push(b);
      return b;
    },
    trialFolder: (host, trial) => path.join(fs.realpathSync(host.workdir), '.rung', RUN_ID, trial),
    async cleanup() {
      for (const b of open.splice(0)) await b.close();
      removeDir(base);
    },
  };
}

export function slotOn(slots: readonly Slot[], host: string, i = 0): Slot {
  const found = slots.filter((s) => s.host === host)[i];
  if (!found) throw new Error(`no free slot ${i} on ${host} among ${slots.map((s) => s.id).join(', ')}`);
  return found;
}
