/**
 * The two commands that start a trial on a host. Claiming comes first: the
 * launch's marker is linked into place (`ln` fails if it exists, on every
 * file system), so one launch id is started at most once whatever the engine
 * or the network does. Starting runs the shared wrapper detached: its own
 * session (setsid), immune to the SSH channel closing (nohup), stdin closed,
 * output appended to the trial's log. Only the start command itself is
 * backgrounded (`a && b &` would keep a shell, and with it the SSH
 * channel, waiting for the trial). Every value is a quoted word.
 */
import { shellQuote } from '../../core/space/shell';
import { TRIAL_WRAPPER, TRIAL_WRAPPER_NAME } from '../shell/trial-wrapper';

export interface RemoteLaunchFiles {
  readonly dir: string;
  readonly log: string;
  readonly marker: string;
  readonly pid: string;
  readonly exit: string;
}

export function remoteLaunchFiles(dir: string, launch: string): RemoteLaunchFiles {
  return { dir, log: `${dir}/log`, marker: `${dir}/${launch}.launch`, pid: `${dir}/${launch}.pid`, exit: `${dir}/${launch}.exit` };
}

/** What the marker's first line holds after the log offset (see markerLine). */
export interface MarkerFacts {
  readonly mirrorStart: number;
  readonly slot: string;
  readonly gpus: readonly string[];
}

/** The marker's first line: `<logStart> <mirrorStart> <slot> <gpu,gpu|->`; logStart is measured on the host. */
export function parseMarker(line: string): (MarkerFacts & { readonly logStart: number }) | undefined {
  const [logStart, mirrorStart, slot, gpus] = line.split(' ');
  const a = Number(logStart);
  const b = Number(mirrorStart);
  if (!Number.isInteger(a) || !Number.isInteger(b) || !slot || !gpus) return undefined;
  return { logStart: a, mirrorStart: b, slot, gpus: gpus === '-' ? [] : gpus.split(',') };
}

/** The claim's exit status when a promoted trial's folder is not there. */
export const FOLDER_GONE = 5;

/**
 * Prints `claimed <logStart>` or `exists`; fails (non-zero, reason on stderr)
 * when the trial folder cannot be written. `mustExist`: a promoted trial
 * continues in its folder and must not quietly start over in an empty one.
 */
export function claimScript(files: RemoteLaunchFiles, facts: MarkerFacts, mustExist: boolean): string {
  const d = shellQuote(files.dir);
  const rest = shellQuote(`${facts.mirrorStart} ${facts.slot} ${facts.gpus.length > 0 ? facts.gpus.join(',') : '-'}`);
  const m = shellQuote(files.marker);
  const log = shellQuote(files.log);
  return [
    mustExist ? `[ -d ${d} ] || exit ${FOLDER_GONE}` : `mkdir -p ${d} || exit 3`,
    `s=0; [ -f ${log} ] && s=$(( $(wc -c < ${log}) ))`,
    `t=${m}.$$.tmp`,
    `printf '%s %s\\n' "$s" ${rest} > "$t" || { rm -f "$t"; exit 4; }`,
    `if ln "$t" ${m} 2>/dev/null; then rm -f "$t"; else rm -f "$t"; [ -f ${m} ] || exit 4; echo exists; exit 0; fi`,
    `: >> ${log} || { rm -f ${m}; exit 4; }`,
    'echo "claimed $s"',
  ].join('\n');
}

export interface StartSpec {
  readonly files: RemoteLaunchFiles;
  readonly cwd: string;
  readonly command: string;
  readonly env: Readonly<Record<string, string>>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Prints the wrapper's pid (its process group); fails when it cannot be recorded, killing what started. */
export function startScript(spec: StartSpec): string {
  for (const name of Object.keys(spec.env)) {
    if (!ENV_NAME.test(name)) throw new Error(`The env name ${JSON.stringify(name)} is not a shell variable name; use letters, digits and _ in \`env:\`.`);
  }
  const f = spec.files;
  const pid = shellQuote(f.pid);
  return [
    `cd ${shellQuote(spec.cwd)} || exit 3`,
    ...Object.entries(spec.env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
    `setsid nohup /bin/sh -c ${shellQuote(TRIAL_WRAPPER)} ${TRIAL_WRAPPER_NAME} ${shellQuote(spec.command)} ${pid} ${shellQuote(f.exit)} >> ${shellQuote(f.log)} 2>&1 < /dev/null &`,
    'p=$!',
    `{ printf '%s\\n' "$p" > ${pid}.$p.tmp && mv -f ${pid}.$p.tmp ${pid}; } || { kill -KILL -"$p" "$p" 2>/dev/null; rm -f ${pid}.$p.tmp; exit 4; }`,
    'echo "$p"',
  ].join('\n');
}

/** TERM (or KILL) to the launch's process group, but only while the pid is still its wrapper. */
export function signalScript(pid: number, files: RemoteLaunchFiles, signal: 'TERM' | 'KILL'): string {
  return `grep -aqF -- ${shellQuote(files.exit)} /proc/${pid}/cmdline 2>/dev/null && kill -${signal} -${pid} 2>/dev/null; exit 0`;
}
