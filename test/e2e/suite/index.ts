/**
 * Extension-test entry: VS Code (desktop, or code-server through test/e2e/bin/code-web) calls run()
 * inside its extension host when --extensionTestsPath points at this folder.
 */
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Suites that run by default, in order (activation first: it watches the extension start).
 * RUNG_E2E_SUITES=name,name runs others, e.g. `language-features`, which tests the completion,
 * hover, quick-fix and outline providers and runs by default once those providers exist.
 */
const DEFAULT_SUITES = ['activation', 'diagnostics', 'commands', 'language-features', 'tune-config', 'runs', 'charts'];

export function run(): Promise<void> {
  const suites = process.env.RUNG_E2E_SUITES ? process.env.RUNG_E2E_SUITES.split(',') : DEFAULT_SUITES;
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20_000, reporter: 'spec' });
  for (const name of suites) mocha.addFile(path.join(__dirname, `${name.trim()}.test.js`));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      // A run that found no tests must not pass as if everything worked.
      else if (runner.stats?.tests === 0) reject(new Error(`no extension-host tests ran (suites: ${suites.join(', ')})`));
      else resolve();
    });
  });
}
