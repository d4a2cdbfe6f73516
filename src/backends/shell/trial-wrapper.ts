/**
 * The small shell that runs every detached trial, on this machine or on a
 * remote host: it records its pid first and the command's exit status last,
 * each renamed into place so neither is ever read half-written.
 *
 * It traps TERM so that a stop reaches the command (which gets the default
 * action back when it is exec'd) while the wrapper survives long enough to
 * record the status; POSIX shells run a trap only after the foreground
 * command has finished. The command runs in a shell of its own so that an
 * `exit` in it cannot skip the recording. Paths travel as positional
 * arguments, never spliced into the script, so no quoting can go wrong; they
 * also make the wrapper recognisable in /proc/PID/cmdline after a pid is reused.
 *
 * Arguments: $1 the command, $2 the pid file, $3 the exit file.
 */
export const TRIAL_WRAPPER = [
  'echo $$ > "$2.tmp" && mv -f "$2.tmp" "$2"',
  'trap : TERM INT HUP',
  '/bin/sh -c "$1"',
  'status=$?',
  'echo $status > "$3.tmp" && mv -f "$3.tmp" "$3"',
].join('\n');

/** The wrapper's $0: how a trial's wrapper shows in `ps`. */
export const TRIAL_WRAPPER_NAME = 'rung-trial';

export interface TrialExit {
  readonly exitCode: number | null;
  readonly signal?: string;
  readonly reason?: string;
}

/**
 * What an exit file's status means. A status above 128 is how a shell
 * reports a command killed by a signal (status - 128); `signals` maps names to
 * numbers (os.constants.signals: Linux numbers them alike on every host).
 */
export function trialExitOf(status: number | null, signals: Readonly<Record<string, number>>): TrialExit {
  if (status === null) return { exitCode: null, reason: 'its exit file does not hold a status' };
  const name = status > 128 ? Object.entries(signals).find(([, n]) => n === status - 128)?.[0] : undefined;
  return { exitCode: status, ...(name ? { signal: name } : {}) };
}
