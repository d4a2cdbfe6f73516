/** The engine's log: a file in the run folder, and the terminal when one is watching. */
import * as fs from 'node:fs';
import type { Logger } from '../../core/ports';

export function engineLogger(file: string, echo: ((line: string) => void) | undefined): Logger & { close(): void } {
  const fd = fs.openSync(file, 'a');
  const write = (level: string, message: string) => {
    const line = `${new Date().toISOString()} ${level} ${message}`;
    fs.writeSync(fd, line + '\n');
    echo?.(`${level === 'info' ? '' : `${level}: `}${message}`);
  };
  return {
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
    close: () => fs.closeSync(fd),
  };
}
