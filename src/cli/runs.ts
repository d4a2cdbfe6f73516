/** Finding a run from what a user types: a run id of this workspace, `last`, or a run folder's path. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listRuns, runFolderAt, type RunFolder } from '../storage/run-folder';
import { UsageError } from './args';

export function resolveRun(ref: string, workspace: string): RunFolder {
  if (ref === 'last' || ref === 'latest') {
    const runs = listRuns(workspace);
    const last = runs[runs.length - 1];
    if (!last) throw new UsageError(`no runs in ${path.join(workspace, '.rung', 'runs')}`);
    return last;
  }
  const asPath = path.resolve(ref);
  if (fs.existsSync(path.join(asPath, 'journal.jsonl'))) return runFolderAt(asPath);
  const match = listRuns(workspace).filter((r) => r.id === ref || r.id.startsWith(ref));
  if (match.length === 1) return match[0] as RunFolder;
  if (match.length > 1) throw new UsageError(`'${ref}' matches ${match.length} runs (${match.map((r) => r.id).join(', ')}); give more of the id`);
  throw new UsageError(`no run '${ref}' in ${path.join(workspace, '.rung', 'runs')} (list them with rung runs)`);
}
