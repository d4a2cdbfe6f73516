/**
 * The CLI's answers to what an SSH login needs from a person: a key's
 * passphrase (typed without echo) and whether to trust a new host key. Both
 * are asked on the controlling terminal (/dev/tty), not stdin, so piped input
 * and output redirection leave them alone. Without a terminal (a detached
 * engine, CI) it refuses with what to do instead, rather than waiting forever.
 */
import * as fs from 'node:fs';
import * as tty from 'node:tty';
import type { Prompter } from '../backends/ssh/prompter';

export class NoTerminalError extends Error {}

interface Terminal {
  readonly input: tty.ReadStream;
  readonly output: tty.WriteStream;
  close(): void;
}

function openTerminal(device: string): Terminal | undefined {
  let fd: number;
  try {
    fd = fs.openSync(device, 'r+');
  } catch {
    return undefined;
  }
  if (!tty.isatty(fd)) {
    fs.closeSync(fd);
    return undefined;
  }
  const input = new tty.ReadStream(fd);
  const output = new tty.WriteStream(fd);
  return {
    input,
    output,
    close: () => {
      input.setRawMode(false);
      input.destroy();
    },
  };
}

/**
 * Shows `prompt` and reads one line; with `hidden`, nothing typed is echoed
 * (backspace still edits). Ctrl-C or Ctrl-D aborts. The terminal leaves
 * echoing mode before the prompt shows, so even type-ahead is not echoed.
 */
function readLine(term: Terminal, prompt: string, hidden: boolean): Promise<string | undefined> {
  return new Promise((resolve) => {
    let line = '';
    term.input.setRawMode(true);
    term.input.setEncoding('utf8');
    term.output.write(prompt);
    const finish = (value: string | undefined): void => {
      term.input.removeListener('data', onData);
      term.output.write('\n');
      resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish(line);
        if (ch === '\u0003' || ch === '\u0004') return finish(undefined);
        if (ch === '\u007f' || ch === '\b') {
          if (line.length > 0 && !hidden) term.output.write('\b \b');
          line = line.slice(0, -1);
        } else if (ch >= ' ') {
          line += ch;
          if (!hidden) term.output.write(ch);
        }
      }
    };
    term.input.on('data', onData);
  });
}

export function terminalPrompter(device = '/dev/tty'): Prompter {
  // One question at a time: two hosts connecting at once must not interleave their prompts.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T>(noTerminal: string, question: (term: Terminal) => Promise<T>): Promise<T> => {
    const asked = queue.then(async () => {
      const term = openTerminal(device);
      if (!term) throw new NoTerminalError(noTerminal);
      try {
        return await question(term);
      } finally {
        term.close();
      }
    });
    queue = asked.catch(() => undefined);
    return asked;
  };
  return {
    passphrase: (keyPath) => ask(
      `${keyPath} is encrypted and there is no terminal to ask for its passphrase; load it into ssh-agent (ssh-add ${keyPath}) and run again`,
      async (term) => {
        return readLine(term, `Enter passphrase for key '${keyPath}': `, true);
      },
    ),
    confirmHostKey: (host, fingerprint, keyType) => ask(
      `${host} is not in known_hosts and there is no terminal to confirm its key (${keyType} ${fingerprint}); connect once with ssh, or pass --accept-new-host-key`,
      async (term) => {
        term.output.write(`The authenticity of host '${host}' can't be established.\n${keyType} key fingerprint is ${fingerprint}.\n`);
        for (;;) {
          const answer = (await readLine(term, 'Are you sure you want to continue connecting (yes/no)? ', false))?.trim().toLowerCase();
          if (answer === undefined || answer === 'no') return false;
          if (answer === 'yes') return true;
          term.output.write("Please type 'yes' or 'no'.\n");
        }
      },
    ),
  };
}
