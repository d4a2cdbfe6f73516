/**
 * Follows one launch's output in the trial log on the cluster, by byte
 * offset through the HostShell, a bounded amount per read: the same rules as
 * the local backend's LaunchLog (whole lines where possible, always whole
 * characters), for a file that may live on another machine. It also keeps
 * the end of the output for failure rules, and hands each raw chunk to
 * `onBytes` so a local mirror can be kept byte for byte.
 */
import { StringDecoder } from 'node:string_decoder';
import type { HostShell } from '../shell/host-shell';

export interface LogRead {
  readonly text: string;
  /** True when the read reached the end of the file as it is now. */
  readonly atEnd: boolean;
}

export class RemoteLog {
  private offset: number;
  private pending = '';
  private decoder = new StringDecoder('utf8');
  private tailText = '';

  constructor(
    private readonly shell: HostShell,
    readonly path: string,
    readonly start: number,
    private readonly capBytes: number,
    private readonly tailBytes: number,
    private readonly onBytes?: (bytes: Uint8Array, position: number) => void,
  ) {
    this.offset = start;
  }

  /** The end of everything handed out so far. */
  get tail(): string {
    return this.tailText;
  }

  /** New text; with `final`, a last line without newline is handed out too once the end is reached. */
  async read(final: boolean): Promise<LogRead> {
    const bytes = await this.shell.readFile(this.path, this.offset, this.capBytes);
    const n = bytes?.length ?? 0;
    if (bytes && n > 0) this.onBytes?.(bytes, this.offset);
    this.offset += n;
    const atEnd = n < this.capBytes;
    let text = this.pending + (bytes ? this.decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, n)) : '');
    if (final && atEnd) {
      this.pending = '';
      text += this.decoder.end();
      this.decoder = new StringDecoder('utf8');
      return { text: this.keep(text), atEnd };
    }
    const cut = text.lastIndexOf('\n');
    // A line longer than the cap cannot wait for its end forever.
    if (cut < 0 && text.length < this.capBytes) {
      this.pending = text;
      return { text: '', atEnd };
    }
    const upTo = cut < 0 ? text.length : cut + 1;
    this.pending = text.slice(upTo);
    return { text: this.keep(text.slice(0, upTo)), atEnd };
  }

  private keep(text: string): string {
    if (text !== '') this.tailText = (this.tailText + text).slice(-this.tailBytes);
    return text;
  }
}
