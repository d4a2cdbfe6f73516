/** Command ids; package.json `contributes.commands` declares exactly these (a unit test holds them equal). */
export const COMMAND_IDS = {
  check: 'rung.check',
  showPlan: 'rung.showPlan',
  showLog: 'rung.showLog',
  tuneConfig: 'rung.tuneConfig',
  run: 'rung.run',
  resume: 'rung.resume',
  stopRun: 'rung.stopRun',
  stopTrial: 'rung.stopTrial',
  openTrialLog: 'rung.openTrialLog',
  revealTrial: 'rung.revealTrial',
  revealTrialConfig: 'rung.revealTrialConfig',
  revealRun: 'rung.revealRun',
  copyBestConfig: 'rung.copyBestConfig',
  exportResults: 'rung.exportResults',
  refreshRuns: 'rung.refreshRuns',
  showCharts: 'rung.showCharts',
} as const;

/** View ids; package.json `contributes.views` declares exactly these. */
export const VIEW_IDS = {
  runs: 'rung.runs',
  hosts: 'rung.hosts',
} as const;
