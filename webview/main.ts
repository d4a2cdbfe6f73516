/**
 * The charts webview. It holds what the extension sent and draws it; it asks
 * for nothing but the fixed messages in src/protocol. When hidden it is torn
 * down (no retainContextWhenHidden); vscode.setState keeps the tab and the
 * chosen objectives, and `ready` asks for a fresh snapshot when shown again.
 */
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { parsePanelState, TABS, type ChartData, type ChartSelection, type CurveSeries, type ExtensionMessage, type Tab } from '../src/protocol/messages';
import { applyPalette } from './chart-setup';
import { CurvesView } from './curves-view';
import { EnergyView } from './energy-view';
import { ParetoView } from './pareto-view';
import { Picker } from './picker';
import { readPalette, watchTheme } from './theme';
import { vscode } from './vscode-api';

const saved = parsePanelState(vscode.getState());
let runDir = saved?.runDir ?? '';
let tab: Tab = saved?.tab ?? 'pareto';
let selection: ChartSelection = saved?.selection ?? {};
let data: ChartData | undefined;
const curves = new Map<string, CurveSeries>();

const root = document.getElementById('root') as HTMLElement;
const header = document.createElement('header');
const title = document.createElement('h1');
const status = document.createElement('span');
status.className = 'muted';
status.id = 'run-status';
header.append(title, status);
const problem = document.createElement('p');
problem.className = 'problem';
problem.setAttribute('role', 'alert');
problem.hidden = true;

const tabs = document.createElement('vscode-tabs');
const panels = new Map<Tab, HTMLElement>();
const TAB_TITLES: Record<Tab, string> = { pareto: 'Pareto front', curves: 'Learning curves', energy: 'Energy' };
for (const t of TABS) {
  const head = document.createElement('vscode-tab-header');
  head.setAttribute('slot', 'header');
  // vscode-tabs sets the headers' ids itself.
  head.dataset.tab = t;
  head.textContent = TAB_TITLES[t];
  const panel = document.createElement('vscode-tab-panel');
  panel.dataset.tab = t;
  tabs.append(head, panel);
  panels.set(t, panel);
}
tabs.setAttribute('selected-index', String(TABS.indexOf(tab)));
root.append(header, problem, tabs);

const persist = () => vscode.setState({ runDir, tab, selection });

const paretoPanel = panels.get('pareto') as HTMLElement;
const axes = document.createElement('div');
axes.className = 'controls';
paretoPanel.append(axes);
const xPicker = new Picker(axes, 'x', 'x axis', () => pickAxes());
const yPicker = new Picker(axes, 'y', 'y axis', () => pickAxes());
const pareto = new ParetoView(paretoPanel, (trial) => {
  vscode.postMessage({ type: 'revealTrial', trial });
  vscode.postMessage({ type: 'openLog', trial });
});

const curvesPanel = panels.get('curves') as HTMLElement;
const metricRow = document.createElement('div');
metricRow.className = 'controls';
curvesPanel.append(metricRow);
const metricPicker = new Picker(metricRow, 'metric', 'metric', (metric) => {
  selection = { ...selection, metric };
  persist();
  vscode.postMessage({ type: 'pickMetric', metric });
});
const curvesView = new CurvesView(curvesPanel);
const energy = new EnergyView(panels.get('energy') as HTMLElement);

function pickAxes(): void {
  const x = xPicker.value;
  const y = yPicker.value;
  if (!x || !y) return;
  selection = { ...selection, x, y };
  persist();
  vscode.postMessage({ type: 'pickAxes', x, y });
}

tabs.addEventListener('vsc-tabs-select', (event) => {
  const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  const next = TABS[index];
  if (!next || next === tab) return;
  tab = next;
  persist();
  vscode.postMessage({ type: 'setTab', tab });
});

/** Draws everything from `data`; the time it took is left on the root for the UI benchmark to read. */
function render(): void {
  if (!data) return;
  const started = performance.now();
  const palette = readPalette();
  applyPalette(palette);
  title.textContent = data.title;
  status.textContent = `run ${data.runId} · ${data.trials} trials · ${data.ended ? 'ended' : 'live'}${data.simulated ? ' · replayed from a recorded table' : ''}`;
  const names = data.objectives.map((o) => o.name);
  xPicker.setOptions(names, data.pareto?.x.name);
  yPicker.setOptions(names, data.pareto?.y.name);
  metricPicker.setOptions(names, data.curves?.metric.name);
  pareto.update(data, palette);
  curvesView.update(data, curves, palette);
  energy.update(data, palette);
  root.dataset.renderMs = (performance.now() - started).toFixed(1);
  root.dataset.renders = String(Number(root.dataset.renders ?? '0') + 1);
}

window.addEventListener('message', (event: MessageEvent<ExtensionMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'snapshot':
      runDir = m.runDir;
      selection = m.selection;
      data = m.data;
      curves.clear();
      for (const c of m.data.curves?.trials ?? []) curves.set(c.trial, c);
      problem.hidden = true;
      persist();
      render();
      break;
    case 'patch':
      if (!data) return;
      data = { ...data, ...m.patch, curves: data.curves };
      for (const c of m.patch.curves) curves.set(c.trial, c);
      render();
      break;
    case 'theme':
      // The variables change with the class; the observer below redraws once they have.
      render();
      break;
    case 'problem':
      problem.textContent = m.message;
      problem.hidden = false;
      break;
  }
});

watchTheme(render);
vscode.postMessage({ type: 'ready', tab, selection });
