/**
 * The messages between the extension and the charts webview, both ways. The
 * webview can only ask for fixed things (pick objectives, switch tab, reveal
 * a trial, open its log); the extension checks every message with
 * `parseWebviewMessage` and maps each type to one fixed action, so a
 * compromised webview cannot run commands or name files.
 */
import type { ChartData, ChartPatch, ChartSelection } from '../core/report/charts/model';

export type { ChartData, ChartPatch, ChartSelection, CurveSeries, CurvesData, EnergyBar, EnergyData, HypervolumeData, ObjectiveInfo, ParetoData, ParetoPoint, ProgressData, XY } from '../core/report/charts/model';

/** The webview panel's type: the serializer restores panels of this type after a reload. */
export const CHARTS_VIEW_TYPE = 'rung.charts';

export const TABS = ['pareto', 'curves', 'energy'] as const;
export type Tab = (typeof TABS)[number];

/** What the webview keeps with vscode.setState, and what a restored panel starts from. */
export interface PanelState {
  readonly runDir: string;
  readonly tab: Tab;
  readonly selection: ChartSelection;
}

/** webview -> extension */
export type WebviewMessage =
  /** The page loaded and listens; it says what it was showing before it was hidden. */
  | { readonly type: 'ready'; readonly tab: Tab; readonly selection: ChartSelection }
  | { readonly type: 'pickAxes'; readonly x: string; readonly y: string }
  | { readonly type: 'pickMetric'; readonly metric: string }
  | { readonly type: 'setTab'; readonly tab: Tab }
  | { readonly type: 'revealTrial'; readonly trial: string }
  | { readonly type: 'openLog'; readonly trial: string };

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

/** extension -> webview */
export type ExtensionMessage =
  | { readonly type: 'snapshot'; readonly runDir: string; readonly selection: ChartSelection; readonly data: ChartData }
  | { readonly type: 'patch'; readonly patch: ChartPatch }
  | { readonly type: 'theme'; readonly kind: ThemeKind }
  | { readonly type: 'problem'; readonly message: string };

/** Objective names and trial ids are short; anything longer is not ours. */
const MAX_NAME = 200;
/** The characters trial ids are made of (storage/run-folder.ts enforces the same on disk). */
const TRIAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME;
const isTrial = (v: unknown): v is string => isName(v) && v.length <= 128 && TRIAL_ID.test(v);
const isTab = (v: unknown): v is Tab => typeof v === 'string' && (TABS as readonly string[]).includes(v);

function selectionOf(v: unknown): ChartSelection | undefined {
  if (v === undefined) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const s = v as Record<string, unknown>;
  const out: { x?: string; y?: string; metric?: string } = {};
  for (const key of ['x', 'y', 'metric'] as const) {
    if (s[key] === undefined) continue;
    if (!isName(s[key])) return undefined;
    out[key] = s[key];
  }
  return out;
}

/** A message from the webview, checked field by field; undefined for anything else. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready': {
      const selection = selectionOf(m.selection);
      return isTab(m.tab) && selection ? { type: 'ready', tab: m.tab, selection } : undefined;
    }
    case 'pickAxes':
      return isName(m.x) && isName(m.y) ? { type: 'pickAxes', x: m.x, y: m.y } : undefined;
    case 'pickMetric':
      return isName(m.metric) ? { type: 'pickMetric', metric: m.metric } : undefined;
    case 'setTab':
      return isTab(m.tab) ? { type: 'setTab', tab: m.tab } : undefined;
    case 'revealTrial':
    case 'openLog':
      return isTrial(m.trial) ? { type: m.type, trial: m.trial } : undefined;
    default:
      return undefined;
  }
}

/** A panel state restored from the webview (after a reload): only its shape is trusted, the run folder is checked again. */
export function parsePanelState(raw: unknown): PanelState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  const selection = selectionOf(s.selection);
  if (typeof s.runDir !== 'string' || s.runDir.length === 0 || s.runDir.length > 4096 || !selection) return undefined;
  return { runDir: s.runDir, tab: isTab(s.tab) ? s.tab : 'pareto', selection };
}
