/**
 * At most `limit` channels open at once on one connection. OpenSSH's sshd
 * refuses the eleventh session on a connection (MaxSessions 10), so a burst of
 * commands waits here, in order, rather than failing there.
 */
export class ChannelLimiter {
  private open = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves with a release function once a channel may be opened. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = (): void => {
        this.open++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.open--;
          this.queue.shift()?.();
        });
      };
      if (this.open < this.limit) grant();
      else this.queue.push(grant);
    });
  }
}
