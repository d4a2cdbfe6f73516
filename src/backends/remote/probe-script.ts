/**
 * One shell script per host and poll round that reports on every launch the
 * engine follows there: the wrapper's pid and whether it still lives (a
 * zombie counts as dead, a pid now used by a stranger too), the exit status
 * if recorded, the log's size, and the log's new bytes from the engine's
 * offset, at most a cap per launch, so only new bytes cross the network.
 *
 * The output is line-framed: a header `@ <launch> <pid> <state> <exit> <size>
 * <marker>` per launch, then its bytes in base64 lines. The exit file is read
 * before the log, so once it is seen a read that ends short of the cap has
 * reached the end of the launch's output; the log's size costs a process, so
 * it is measured only when no bytes are asked for (reconcile). Log bytes are
 * arbitrary (binary, cut mid-character), and base64 lines can never be taken
 * for a header, so no log content can confuse the parser. Every value
 * reaches the script as a quoted argument of `probe`, never spliced into its
 * body.
 */
import { shellQuote } from '../../core/space/shell';

const PROBE = `probe() {
  p=- st=dead x=- sz=- m=-
  [ -f "$2/$1.launch" ] && { IFS= read -r m < "$2/$1.launch" || m=?; }
  [ -f "$2/$1.pid" ] && { read -r p < "$2/$1.pid" || p=-; }
  case $p in ''|*[!0-9]*) p=- ;; esac
  [ -f "$2/$1.exit" ] && { read -r x < "$2/$1.exit" || x=; [ -n "$x" ] || x=?; }
  if [ "$x" = - ] && [ "$p" != - ] && [ -r "/proc/$p/status" ]; then
    st=alive
    while read -r k v; do
      if [ "$k" = State: ]; then case $v in Z*|X*) st=zombie ;; esac; break; fi
    done < "/proc/$p/status"
    [ $st = alive ] && ! grep -aqF -- "$2/$1.exit" "/proc/$p/cmdline" 2>/dev/null && st=stranger
  fi
  if [ "$3" -lt 0 ]; then
    sz=0; [ -f "$2/log" ] && sz=$(( $(wc -c < "$2/log") ))
  fi
  printf '@ %s %s %s %s %s %s\\n' "$1" "$p" "$st" "$x" "$sz" "$m"
  if [ "$3" -ge 0 ] && [ -f "$2/log" ]; then tail -c +$(($3 + 1)) "$2/log" | head -c "$4" | base64; fi
}
`;

export interface ProbeRequest {
  readonly launch: string;
  /** The trial folder on the host. */
  readonly dir: string;
  /** Log offset to read from; undefined: report the state and the log's size only. */
  readonly offset?: number;
  readonly capBytes: number;
}

export type ProcessSeen = 'alive' | 'dead' | 'zombie' | 'stranger';

export interface ProbeResult {
  readonly launch: string;
  readonly pid?: number;
  readonly state: ProcessSeen;
  /** undefined: no exit file; null: one that does not hold a status. */
  readonly exitStatus?: number | null;
  /** Measured only when no bytes were asked for. */
  readonly logSize?: number;
  /** The marker's first line; undefined when there is no marker. */
  readonly marker?: string;
  /** The log bytes from the requested offset. */
  readonly bytes: Uint8Array;
}

export function probeScript(requests: readonly ProbeRequest[]): string {
  const calls = requests.map((r) => `probe ${shellQuote(r.launch)} ${shellQuote(r.dir)} ${r.offset ?? -1} ${Math.max(0, Math.floor(r.capBytes))}`);
  return `${PROBE}${calls.join('\n')}\n`;
}

export function parseProbe(stdout: string): Map<string, ProbeResult> {
  const results = new Map<string, ProbeResult>();
  let header: string[] | undefined;
  let data: string[] = [];
  const flush = () => {
    if (!header) return;
    const [, launch = '', pid, state, exit, size, ...marker] = header;
    const m = marker.join(' ');
    results.set(launch, {
      launch,
      ...(pid !== '-' ? { pid: Number(pid) } : {}),
      state: (['alive', 'zombie', 'stranger'].includes(state ?? '') ? state : 'dead') as ProcessSeen,
      ...(exit !== '-' ? { exitStatus: /^\d+$/.test(exit ?? '') ? Number(exit) : null } : {}),
      ...(size !== '-' ? { logSize: Number(size) || 0 } : {}),
      ...(m !== '-' ? { marker: m } : {}),
      bytes: Buffer.from(data.join(''), 'base64'),
    });
  };
  for (const line of stdout.split('\n')) {
    if (line.startsWith('@ ')) {
      flush();
      header = line.split(' ');
      data = [];
    } else if (line !== '') {
      data.push(line);
    }
  }
  flush();
  return results;
}
