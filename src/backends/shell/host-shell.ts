/**
 * A shell on the machine that runs trials or a scheduler's commands: this
 * machine, or an SSH host. The SSH, Slurm and cluster-template backends speak
 * only to this, so a Slurm backend works the same on a login node reached by
 * SSH as with the local `sbatch`, and every backend's tests run against real
 * shells rather than a stand-in of our own code.
 */

export interface ExecResult {
  /** null when the command was killed by a signal. */
  readonly code: number | null;
  readonly signal?: string;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  /** Text written to the command's stdin, which is then closed. */
  readonly stdin?: string;
  /** Kills the command (and rejects) after this long. */
  readonly timeoutMs?: number;
}

/** A long-lived command whose output arrives as it is written (`nvidia-smi -lms`). */
export interface ShellStream {
  /** Settles when the command ends, for whatever reason. */
  readonly ended: Promise<ExecResult>;
  close(): void;
}

export interface HostShell {
  /** Names the host in messages: 'this machine' or the SSH alias. */
  readonly label: string;
  /**
   * Runs a `/bin/sh` command line. A non-zero exit is a result, not an
   * error; it rejects only when the host cannot be reached or the timeout passes.
   */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  stream(command: string, onStdout: (text: string) => void): ShellStream;
  /** Writes a whole file atomically (a temporary name, then a rename). */
  writeFile(path: string, data: string | Uint8Array, mode?: number): Promise<void>;
  /** The bytes from `offset` to the end (at most `maxBytes`); undefined when the file does not exist. */
  readFile(path: string, offset?: number, maxBytes?: number): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}
