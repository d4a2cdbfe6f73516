/**
 * What a rule may ask of the world outside the text. Hosts (CLI, editor)
 * implement it; the core stays free of I/O, and tests pass plain objects.
 */
export interface StudyEnvironment {
  /** Text of a file named relative to the study file's folder, or undefined if there is none. */
  readFile?(path: string): string | undefined;
  /** Whether a file named relative to the study file's folder exists. */
  fileExists?(path: string): boolean;
  /** Host patterns and aliases from ~/.ssh/config (`Host` lines), for unknown-host and completions. */
  readonly sshHosts?: readonly string[];
}

export const NO_ENVIRONMENT: StudyEnvironment = {};
