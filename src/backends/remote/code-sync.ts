/**
 * `sync:` — the local project's files uploaded into a host's workdir before
 * its first trial. Only files that changed since the last upload travel: the
 * host keeps a manifest (path -> size and content hash) of what it received.
 * A git project uploads what git would track (`.gitignore` respected);
 * otherwise the folder is walked. A project over the size cap is refused
 * with its biggest files named, since a stray dataset or checkpoint is the
 * usual cause.
 */
import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SyncSpec } from '../../core/space/model';
import { shellQuote } from '../../core/space/shell';
import type { HostShell } from '../shell/host-shell';
import { excludes } from './sync-exclude';

export const SYNC_MANIFEST = '.rung/sync-manifest.json';

export interface SyncFile {
  readonly path: string;
  readonly size: number;
  readonly mode: number;
}

export interface SyncReport {
  readonly uploaded: number;
  readonly skipped: number;
  readonly bytes: number;
}

export class SyncError extends Error {}

/** The files to upload from `from`, checked against the cap. */
export async function projectFiles(from: string, spec: SyncSpec): Promise<SyncFile[]> {
  if (!fs.statSync(from, { throwIfNoEntry: false })?.isDirectory()) throw new SyncError(`sync: the folder ${from} does not exist; fix \`sync: from:\` in the study.`);
  const listed = (await gitFiles(from)) ?? walk(from, '');
  const skip = excludes([...spec.exclude, '.git', '.rung']);
  const files: SyncFile[] = [];
  for (const rel of listed) {
    if (skip(rel)) continue;
    const st = fs.statSync(path.join(from, rel), { throwIfNoEntry: false });
    if (st?.isFile()) files.push({ path: rel, size: st.size, mode: st.mode & 0o777 });
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > spec.maxMb * 1024 * 1024) {
    const biggest = [...files].sort((a, b) => b.size - a.size).slice(0, 5).map((f) => `${f.path} (${mb(f.size)})`);
    throw new SyncError(`sync: ${from} holds ${mb(total)} to upload, over the cap of ${spec.maxMb} MB. Biggest: ${biggest.join(', ')}. Add them to \`sync: exclude:\` (or .gitignore), or raise \`sync: max_mb:\`.`);
  }
  return files;
}

/** Uploads what changed into `root` on the host. */
export async function syncProject(shell: HostShell, root: string, from: string, spec: SyncSpec): Promise<SyncReport> {
  const files = await projectFiles(from, spec);
  const manifestPath = `${root}/${SYNC_MANIFEST}`;
  const before = parseManifest(await shell.readFile(manifestPath));
  const after: Record<string, string> = {};
  const changed: { file: SyncFile; data: Buffer }[] = [];
  for (const file of files) {
    const data = fs.readFileSync(path.join(from, file.path));
    const key = `${file.size}:${crypto.createHash('sha256').update(data).digest('hex')}`;
    after[file.path] = key;
    if (before[file.path] !== key) changed.push({ file, data });
  }
  const dirs = new Set([`${root}/.rung`, ...changed.map((c) => path.posix.dirname(`${root}/${c.file.path}`))]);
  const made = await shell.exec(`mkdir -p ${[...dirs].map(shellQuote).join(' ')}`);
  if (made.code !== 0) throw new SyncError(`sync: could not create folders under ${root} on ${shell.label}: ${made.stderr.trim()}`);
  for (const { file, data } of changed) await shell.writeFile(`${root}/${file.path}`, data, file.mode);
  await shell.writeFile(manifestPath, JSON.stringify(after));
  return { uploaded: changed.length, skipped: files.length - changed.length, bytes: changed.reduce((n, c) => n + c.file.size, 0) };
}

function parseManifest(bytes: Uint8Array | undefined): Record<string, string> {
  if (!bytes) return {};
  try {
    const m = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    return m !== null && typeof m === 'object' ? (m as Record<string, string>) : {};
  } catch {
    // A damaged manifest only costs a full upload.
    return {};
  }
}

function gitFiles(dir: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      resolve(error ? undefined : stdout.split('\0').filter((f) => f !== ''));
    });
  });
}

function walk(root: string, rel: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(root, child));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
