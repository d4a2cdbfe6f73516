/** A scratch copy of test/e2e/fixtures/workspace: tests edit and save files, the fixtures stay clean. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, scratchDir } from './tools';

export function scratchWorkspace(): { dir: string; remove: () => void } {
  const scratch = scratchDir('workspace');
  fs.cpSync(path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'workspace'), scratch.dir, { recursive: true });
  return scratch;
}
