/**
 * Starts a private code-server (a real VS Code workbench served to a browser) on a free loopback
 * port, with throw-away settings, extensions, XDG and temp folders so runs never share state.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { assertToolsInstalled, CODE_SERVER_BIN, NODE24_BIN_DIR, scratchDir } from './tools';

export interface CodeServerOptions {
  /** The smoke-test driver makes the workbench honour ?payload= (extension tests) but hides toasts. */
  smokeTestDriver: boolean;
  userDataDir?: string;
  extensionsDir?: string;
  /** Extra user settings on top of the quiet defaults below. */
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  readonly url: string;
  readonly logFile: string;
  /** The URI the workbench uses for a path on this machine. */
  remoteUri(fsPath: string): string;
  stop(): Promise<void>;
}

// Keep the workbench free of welcome pages, tips and AI panels that would cover what tests look at.
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertToolsInstalled();
  const scratch = scratchDir('code-server');
  const userDataDir = options.userDataDir ?? path.join(scratch.dir, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(scratch.dir, 'extensions');
  for (const d of ['xdg-config', 'xdg-data', 'xdg-cache', 'tmp', extensionsDir, path.join(userDataDir, 'User')]) {
    fs.mkdirSync(path.resolve(scratch.dir, d), { recursive: true });
  }
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  const port = await freePort();
  const logFile = path.join(scratch.dir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--reconnection-grace-time', '5', '--ignore-last-opened',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const child = spawn(CODE_SERVER_BIN, args, {
    detached: true, // its own process group, so stop() also ends the extension hosts it forks
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      PATH: `${NODE24_BIN_DIR}${path.delimiter}${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: path.join(scratch.dir, 'xdg-config'),
      XDG_DATA_HOME: path.join(scratch.dir, 'xdg-data'),
      XDG_CACHE_HOME: path.join(scratch.dir, 'xdg-cache'),
      TMPDIR: path.join(scratch.dir, 'tmp'),
      EXTENSIONS_GALLERY: '{}', // no marketplace: no network errors, no recommendations
    },
  });
  fs.closeSync(log);
  let exited: number | null | undefined;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', (code) => { exited = code; resolve(); }));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (exited === undefined && child.pid !== undefined) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const killed = setTimeout(() => { try { process.kill(-(child.pid as number), 'SIGKILL'); } catch { /* already gone */ } }, 5000);
      await exitedPromise;
      clearTimeout(killed);
    }
    scratch.remove();
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) {
      const tail = fs.readFileSync(logFile, 'utf8').slice(-2000);
      await stop();
      throw new Error(`code-server exited with ${exited} before it was ready:\n${tail}`);
    }
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) { await stop(); throw new Error(`code-server did not answer on ${url} within 60 s (log: ${logFile})`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, logFile, remoteUri: (fsPath) => `vscode-remote://127.0.0.1:${port}${path.resolve(fsPath)}`, stop };
}
