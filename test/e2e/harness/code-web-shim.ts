/**
 * A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
 * It takes the Electron CLI flags runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=,
 * --user-data-dir=, --extensions-dir=, [folder]) and runs the tests in code-server's Node extension
 * host through the workbench's ?payload= parameter. Its exit code is the test run's verdict.
 * test/e2e/bin/code-web is the executable wrapper around this file.
 */
import * as util from 'node:util';
import { launchBrowser, type Browser } from './browser';
import { startCodeServer } from './code-server';

const TIMEOUT_MS = Number(process.env.RUNG_E2E_TIMEOUT_MS ?? 300_000);
// Workbench chatter that says nothing about the tests.
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Ignoring fetching additional builtin)/;

interface ShimArgs { developmentPaths: string[]; testsPath?: string; userDataDir?: string; extensionsDir?: string; folder?: string }

function parseArgs(argv: readonly string[]): ShimArgs {
  const parsed: ShimArgs = { developmentPaths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!m) { parsed.folder ??= arg; continue; }
    const value = (): string => m[2] ?? argv[++i] ?? '';
    if (m[1] === 'extensionDevelopmentPath') parsed.developmentPaths.push(value());
    else if (m[1] === 'extensionTestsPath') parsed.testsPath = value();
    else if (m[1] === 'user-data-dir') parsed.userDataDir = value();
    else if (m[1] === 'extensions-dir') parsed.extensionsDir = value();
    // Electron-only flags (--no-sandbox, --disable-gpu-sandbox, --skip-welcome, ...) mean nothing here.
  }
  return parsed;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath || args.developmentPaths.length === 0) {
    process.stderr.write('usage: code-web --extensionDevelopmentPath=DIR --extensionTestsPath=PATH [FOLDER]\n');
    return 2;
  }
  const server = await startCodeServer({
    smokeTestDriver: true,
    ...(args.userDataDir ? { userDataDir: args.userDataDir } : {}),
    ...(args.extensionsDir ? { extensionsDir: args.extensionsDir } : {}),
  });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const { page } = browser;
    let finish: (code: unknown) => void = () => undefined;
    const finished = new Promise<unknown>((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown[]) => {
      const line = util.format(...(logArgs ?? []));
      if (process.env.RUNG_E2E_VERBOSE || !NOISE.test(line)) (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => finish(code));
    const payload = [
      ...args.developmentPaths.map((p) => ['extensionDevelopmentPath', server.remoteUri(p)]),
      ['extensionTestsPath', server.remoteUri(args.testsPath)],
      ['skipWelcome', 'true'],
    ];
    const target = !args.folder ? 'ew=true'
      : `${args.folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(server.remoteUri(args.folder))}`;
    await page.goto(`${server.url}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timer = setTimeout(() => finish('timeout'), TIMEOUT_MS);
    const code = await finished;
    clearTimeout(timer);
    if (code === 'timeout') {
      process.stderr.write(`[code-web] the tests did not finish within ${TIMEOUT_MS} ms (code-server log: ${server.logFile})\n`);
      return 1;
    }
    return typeof code === 'number' ? code : 1;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`[code-web] ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
