/**
 * Turns a trial log's bytes, read a bounded piece at a time, into text for
 * the engine: in whole lines where possible (metric lines are parsed per
 * line) and always in whole characters, whatever the pieces' boundaries.
 * Local and remote backends read the bytes differently and share this.
 */
import { StringDecoder } from 'node:string_decoder';

export class LogText {
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');

  /** `capBytes`: a line longer than this is handed out unfinished rather than held forever. */
  constructor(private readonly capBytes: number) {}

  /** Adds bytes and returns the text completed by them; with `final`, the unfinished last line too. */
  push(bytes: Uint8Array, final: boolean): string {
    const text = this.pending + this.decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (final) {
      this.pending = '';
      return text + this.decoder.end();
    }
    const cut = text.lastIndexOf('\n');
    if (cut < 0 && text.length < this.capBytes) {
      this.pending = text;
      return '';
    }
    const upTo = cut < 0 ? text.length : cut + 1;
    this.pending = text.slice(upTo);
    return text.slice(0, upTo);
  }
}
