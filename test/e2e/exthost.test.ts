/**
 * Runs the extension-host suite (test/e2e/suite) in a real VS Code: code-server's Node extension
 * host, driven through @vscode/test-electron's runTests with the code-web shim as the executable.
 * On a machine where runTests can download desktop VS Code, leave out vscodeExecutablePath.
 */
import * as path from 'node:path';
import { test } from 'node:test';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT, scratchDir } from './harness/tools';
import { scratchWorkspace } from './harness/workspace';

test('extension-host suite passes in code-server', { timeout: 600_000 }, async () => {
  const workspace = scratchWorkspace();
  const profile = scratchDir('profile');
  try {
    await runTests({
      vscodeExecutablePath: path.join(REPO_ROOT, 'test', 'e2e', 'bin', 'code-web'),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(REPO_ROOT, 'out', 'test', 'e2e', 'suite'),
      launchArgs: [workspace.dir, `--user-data-dir=${profile.dir}/user-data`, `--extensions-dir=${profile.dir}/extensions`],
    });
  } finally {
    workspace.remove();
    profile.remove();
  }
});
