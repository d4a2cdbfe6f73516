/** A launch the remote backend follows, and the handle that finds it again. */
import type { LaunchHandle } from '../../core/ports';
import type { LogText } from '../shell/log-text';
import type { TrialExit } from '../shell/trial-wrapper';
import type { RemoteLaunchFiles } from './launch-script';
import { encodeHandle } from './remote-handle';
import type { RemoteHost } from './remote-host';

export interface RemoteLive {
  readonly launch: string;
  readonly trial: string;
  readonly host: RemoteHost;
  readonly files: RemoteLaunchFiles;
  readonly pid: number;
  readonly gpus: readonly string[];
  /** Where this launch's part of the remote log starts. */
  readonly logStart: number;
  /** Where that part lands in the local mirror. */
  readonly mirrorStart: number;
  /** How far the remote log has been fetched. */
  offset: number;
  readonly text: LogText;
  stopping?: NodeJS.Timeout;
  killed?: boolean;
  /** The pid looked like someone else's process once (see RemoteBackend.exitOf). */
  strangerSeen?: boolean;
  exit?: TrialExit;
}

/** What a launch is known by before it is followed. */
export type FoundLaunch = Omit<RemoteLive, 'offset' | 'text'>;

export function handleOf(l: FoundLaunch): LaunchHandle {
  return { host: l.host.name, gpus: l.gpus, handle: encodeHandle({ pid: l.pid, dir: l.files.dir, logStart: l.logStart, mirrorStart: l.mirrorStart }) };
}
