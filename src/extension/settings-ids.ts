/** The `rung.*` settings; package.json `contributes.configuration` declares exactly these (a unit test holds them equal). */
export const SETTING_IDS = {
  diagnosticsDebounceMs: 'rung.diagnostics.debounceMs',
  pollIntervalMs: 'rung.runs.pollIntervalMs',
  nodePath: 'rung.engine.nodePath',
  cliPath: 'rung.engine.cliPath',
  statusBar: 'rung.statusBar.enabled',
} as const;
