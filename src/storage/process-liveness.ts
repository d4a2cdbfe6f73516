/**
 * Is a process still there? Engines and trials are found again by pid after a
 * restart, so "the pid answers a signal" is not enough: a zombie answers too
 * (it has exited but nobody reaped it), and a pid can be reused by a stranger.
 */
import * as fs from 'node:fs';

export type ProcessState = 'alive' | 'zombie' | 'dead';

export function processState(pid: number): ProcessState {
  if (!Number.isInteger(pid) || pid <= 0) return 'dead';
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return 'dead';
  }
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const state = /^State:\s*(\S)/m.exec(status)?.[1];
    if (state === 'Z' || state === 'X') return 'zombie';
  } catch {
    // No /proc (not Linux) or the process vanished between the two checks.
    return fs.existsSync('/proc/self') ? 'dead' : 'alive';
  }
  return 'alive';
}

/** The argument vector of a live process, or undefined where /proc cannot say. */
export function processArguments(pid: number): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const args = raw.split('\0');
    if (args[args.length - 1] === '') args.pop();
    return args;
  } catch {
    return undefined;
  }
}

/**
 * When a process started (epoch ms), from /proc/PID/stat's start time in clock
 * ticks after boot. Linux reports ticks at USER_HZ, 100 on every mainstream build.
 */
export function processStartedAt(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = Number(/^btime\s+(\d+)/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return undefined;
    return btime * 1000 + ticks * 10;
  } catch {
    return undefined;
  }
}
