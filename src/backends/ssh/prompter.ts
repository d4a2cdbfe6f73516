/**
 * What a connection may need to ask the person running Rung: the CLI asks in
 * the terminal, the editor with an input box or a modal. Answers are used for
 * one decision and never stored by the SSH layer.
 */
export interface Prompter {
  /** The passphrase of an encrypted key file; undefined when the person declines. */
  passphrase(keyPath: string): Promise<string | undefined>;
  /** Whether to trust a host seen for the first time; `host` is the known_hosts name (`[h]:port`). */
  confirmHostKey(host: string, fingerprintSha256: string, keyType: string): Promise<boolean>;
}
