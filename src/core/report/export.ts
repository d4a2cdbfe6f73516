/** A run's results as a table (CSV) or records (JSON), and its best config, for export and the clipboard. */
import { valueAt, type RunState } from '../journal/state';
import { renderCommand, scanTemplate } from '../space/command';
import type { Config } from '../space/config';

export interface ResultRecord {
  readonly trial: string;
  readonly state: string;
  readonly reached: number;
  readonly values: Readonly<Record<string, number | null>>;
  readonly config: Config;
}

/** One record per trial, in creation order, with each objective's value at the largest resource reached. */
export function resultRecords(state: RunState, objectives: readonly string[]): ResultRecord[] {
  const records: ResultRecord[] = [];
  for (const id of state.order) {
    const t = state.trials.get(id);
    if (!t) continue;
    const values: Record<string, number | null> = {};
    for (const o of objectives) values[o] = valueAt(t, o, t.reached) ?? null;
    records.push({ trial: id, state: t.state, reached: t.reached, values, config: t.config });
  }
  return records;
}

export function resultsCsv(records: readonly ResultRecord[], objectives: readonly string[], resourceName: string): string {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r.config)))];
  const header = ['trial', 'state', resourceName, ...objectives, ...keys];
  const lines = [header.map(csvCell).join(',')];
  for (const r of records) {
    lines.push([r.trial, r.state, r.reached, ...objectives.map((o) => r.values[o] ?? ''), ...keys.map((k) => r.config[k] ?? '')].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

function csvCell(v: string | number | boolean): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The study's command for one config at the full budget. Placeholders that
 * only exist inside a run ({trial_dir}, {config}) stay as they are, for the
 * user to fill in.
 */
export function commandLine(template: string, config: Config, resource: number): string {
  const values: Record<string, string | number | boolean> = { resource };
  for (const p of scanTemplate(template).placeholders) if (!(p.name in config) && p.name !== 'resource') values[p.name] = `{${p.name}}`;
  return renderCommand(template, { ...values, ...config }, true).trim();
}
