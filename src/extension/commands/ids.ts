/** Command ids; package.json `contributes.commands` declares exactly these (a unit test holds them equal). */
export const COMMAND_IDS = {
  check: 'rung.check',
  showPlan: 'rung.showPlan',
  showLog: 'rung.showLog',
  tuneConfig: 'rung.tuneConfig',
  showCharts: 'rung.showCharts',
} as const;
