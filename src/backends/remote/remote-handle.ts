/**
 * What a remote launch's LaunchHandle.handle holds, so a restarted engine
 * finds the launch again from the journal alone: the wrapper's pid (its
 * process group) on LaunchHandle.host, its trial folder there, where its part
 * of the remote log starts, and where that part lands in the local mirror.
 */
export interface RemoteHandle {
  readonly pid: number;
  readonly dir: string;
  readonly logStart: number;
  readonly mirrorStart: number;
}

export function encodeHandle(h: RemoteHandle): string {
  return JSON.stringify({ pid: h.pid, dir: h.dir, logStart: h.logStart, mirrorStart: h.mirrorStart });
}

export function decodeHandle(text: string): RemoteHandle | undefined {
  try {
    const h = JSON.parse(text) as Partial<RemoteHandle>;
    const ok = Number.isInteger(h.pid) && typeof h.dir === 'string' && Number.isInteger(h.logStart) && Number.isInteger(h.mirrorStart);
    return ok ? (h as RemoteHandle) : undefined;
  } catch {
    return undefined;
  }
}
