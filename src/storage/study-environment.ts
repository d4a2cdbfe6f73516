/**
 * The StudyEnvironment of a study file on this machine: files next to it and
 * the Host entries of ~/.ssh/config. Shared by the CLI and the editor so that
 * `rung check` and the Problems panel always agree.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StudyEnvironment } from '../core/space/environment';

export function studyEnvironment(studyPath: string, sshConfigPath = path.join(os.homedir(), '.ssh', 'config')): StudyEnvironment {
  const dir = path.dirname(path.resolve(studyPath));
  const resolve = (p: string) => path.resolve(dir, p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p);
  return {
    fileExists: (p) => fs.existsSync(resolve(p)),
    readFile: (p) => {
      try {
        const full = resolve(p);
        if (fs.statSync(full).size > 4 * 1024 * 1024) return undefined;
        return fs.readFileSync(full, 'utf8');
      } catch {
        return undefined;
      }
    },
    sshHosts: sshConfigHosts(sshConfigPath),
  };
}

/** Host patterns from an ssh_config file and the files it Includes (one level of globs, as ssh does for plain `*`). */
export function sshConfigHosts(file: string, depth = 0): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const hosts: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^(\w+)\s*=?\s*(.*)$/.exec(line);
    if (!m) continue;
    const keyword = (m[1] as string).toLowerCase();
    const args = (m[2] as string).split(/\s+/).filter(Boolean).map((a) => a.replace(/^"|"$/g, ''));
    if (keyword === 'host') hosts.push(...args);
    else if (keyword === 'include' && depth < 4) {
      for (const pattern of args) {
        const base = pattern.startsWith('~/') ? path.join(os.homedir(), pattern.slice(2)) : path.isAbsolute(pattern) ? pattern : path.join(os.homedir(), '.ssh', pattern);
        for (const f of expandGlob(base)) hosts.push(...sshConfigHosts(f, depth + 1));
      }
    }
  }
  return hosts;
}

function expandGlob(pattern: string): string[] {
  if (!/[*?]/.test(path.basename(pattern))) return [pattern];
  const dir = path.dirname(pattern);
  const re = new RegExp(`^${path.basename(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  try {
    return fs.readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}
