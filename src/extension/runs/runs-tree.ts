/**
 * The Runs view: run -> rung -> trial, from the pure tree model
 * (core/report/run-tree). Node objects are cached by id so that a change
 * refreshes exactly the nodes it touched (VS Code matches refreshed elements
 * by identity): at 10 updates/s over 5,000 trials, refreshing the whole tree
 * would flicker and stall.
 */
import * as vscode from 'vscode';
import { BADGE_LABELS, buildRunTree, diffRunTree, fmt, trialBadge, trialDescription, trialTooltip, type RunTree, type TrialBadge } from '../../core/report/run-tree';
import { summariseRun, trialEnergy } from '../../core/report/status-line';
import type { RunRegistry } from './run-registry';
import type { RunChange, RunWatcher } from './run-watcher';

/** More than the extension host's own 200 ms batching of tree changes, so levels are not merged. */
const REFRESH_TICK_MS = 250;

export type RunsNode =
  | { readonly kind: 'run'; readonly run: RunWatcher }
  | { readonly kind: 'rung'; readonly run: RunWatcher; readonly index: number }
  | { readonly kind: 'trial'; readonly run: RunWatcher; readonly rung: number; readonly trial: string };

const BADGE_ICONS: Readonly<Record<TrialBadge, [string, string | undefined]>> = {
  pending: ['circle-large-outline', undefined],
  running: ['play-circle', 'charts.blue'],
  paused: ['debug-pause', undefined],
  promoted: ['arrow-circle-up', 'charts.green'],
  'stopped-early': ['debug-stop', 'charts.orange'],
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  discarded: ['trash', 'disabledForeground'],
};

/** The run a trial or rung node belongs to, and the trial, for commands invoked from the tree. */
export interface TrialRef { readonly runDir: string; readonly trial: string }

export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | RunsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly trees = new Map<string, RunTree>();
  private readonly nodes = new Map<string, RunsNode>();
  private readonly runDescriptions = new Map<string, string>();
  /** Node ids waiting for a refresh: runs, rungs, trials. */
  private readonly pending: [Set<string>, Set<string>, Set<string>] = [new Set(), new Set(), new Set()];
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly registry: RunRegistry) {
    this.subscriptions = [
      registry.onDidChangeRuns(() => this.changed.fire(undefined)),
      registry.onDidChangeRun((change) => this.update(change)),
    ];
  }

  /** The model of a run, built on first use and on every change. */
  tree(run: RunWatcher): RunTree {
    let tree = this.trees.get(run.folder.dir);
    if (!tree) {
      tree = buildRunTree(run.state, run.shape);
      this.trees.set(run.folder.dir, tree);
    }
    return tree;
  }

  private update(change: RunChange): void {
    const run = change.run;
    const before = this.trees.get(run.folder.dir);
    const after = buildRunTree(run.state, run.shape);
    this.trees.set(run.folder.dir, after);
    const diff = diffRunTree(before, after, change.trials);
    const dir = run.folder.dir;
    if (diff.structure || this.runDescription(run) !== this.runDescriptions.get(dir)) this.pending[0].add(dir);
    for (const k of diff.rungs) this.pending[1].add(`${dir}#${k}`);
    for (const [k, trial] of diff.trials) this.pending[2].add(`${dir}#${k}#${trial}`);
    this.flush();
  }

  /**
   * Refreshes one level per tick, parents first. VS Code re-fetches a refreshed
   * node's children but redraws only the node itself, and drops refreshes of
   * nodes whose ancestor is refreshed in the same batch: so a run, then its
   * rungs, then its trials each get their own refresh, a tick apart.
   */
  private flush(): void {
    if (this.flushTimer) return;
    const level = this.pending.findIndex((ids) => ids.size > 0);
    if (level < 0) return;
    const ids = this.pending[level] as Set<string>;
    const nodes: RunsNode[] = [];
    for (const id of ids) this.pushKnown(nodes, id);
    ids.clear();
    if (nodes.length > 0) this.changed.fire(nodes);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, REFRESH_TICK_MS);
  }

  /** Only nodes VS Code has seen can be refreshed; the others render fresh when first shown. */
  private pushKnown(into: RunsNode[], id: string): void {
    const node = this.nodes.get(id);
    if (node) into.push(node);
  }

  private id(node: RunsNode): string {
    if (node.kind === 'run') return node.run.folder.dir;
    if (node.kind === 'rung') return `${node.run.folder.dir}#${node.index}`;
    return `${node.run.folder.dir}#${node.rung}#${node.trial}`;
  }

  private node<T extends RunsNode>(fresh: T): T {
    const id = this.id(fresh);
    const known = this.nodes.get(id);
    if (known && known.run === fresh.run) return known as T;
    this.nodes.set(id, fresh);
    return fresh;
  }

  /** The node of a trial at its home rung, for reveal. */
  trialNode(runDir: string, trial: string): RunsNode | undefined {
    const run = this.registry.byDir(runDir);
    if (!run) return undefined;
    const home = this.tree(run).home.get(trial);
    return home === undefined ? undefined : this.node({ kind: 'trial', run, rung: home, trial });
  }

  runNode(run: RunWatcher): RunsNode {
    return this.node({ kind: 'run', run });
  }

  getChildren(element?: RunsNode): RunsNode[] {
    if (!element) return [...this.registry.runs].reverse().map((run) => this.node({ kind: 'run', run }));
    const tree = this.tree(element.run);
    if (element.kind === 'run') {
      // FIFO has one group: its trials go straight under the run.
      if (element.run.shape.levels.length === 0) return (tree.rungs[0]?.trials ?? []).map((trial) => this.node({ kind: 'trial', run: element.run, rung: 0, trial }));
      return tree.rungs.filter((r) => r.trials.length > 0).map((r) => this.node({ kind: 'rung', run: element.run, index: r.index }));
    }
    if (element.kind === 'rung') return (tree.rungs[element.index]?.trials ?? []).map((trial) => this.node({ kind: 'trial', run: element.run, rung: element.index, trial }));
    return [];
  }

  getParent(element: RunsNode): RunsNode | undefined {
    if (element.kind === 'run') return undefined;
    if (element.kind === 'rung' || element.run.shape.levels.length === 0) return this.node({ kind: 'run', run: element.run });
    return this.node({ kind: 'rung', run: element.run, index: element.rung });
  }

  getTreeItem(element: RunsNode): vscode.TreeItem {
    if (element.kind === 'run') return this.runItem(element.run);
    const tree = this.tree(element.run);
    if (element.kind === 'rung') {
      const rung = tree.rungs[element.index];
      const item = new vscode.TreeItem(rung?.label ?? `rung ${element.index}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = this.id(element);
      item.description = rung?.description ?? '';
      item.iconPath = new vscode.ThemeIcon('layers');
      item.contextValue = 'rungRung';
      return item;
    }
    const t = element.run.state.trials.get(element.trial);
    const item = new vscode.TreeItem(element.trial, vscode.TreeItemCollapsibleState.None);
    item.id = this.id(element);
    if (!t) return item;
    const fifo = element.run.shape.levels.length === 0;
    const badge = trialBadge(t, element.rung, tree.home.get(t.id) ?? element.rung);
    const [icon, color] = BADGE_ICONS[badge];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.description = [BADGE_LABELS[badge], trialDescription(t, element.run.shape, element.rung, fifo)].filter((s) => s !== '').join(' · ');
    item.contextValue = t.state === 'running' || t.state === 'pending' ? 'rungTrial.live' : 'rungTrial';
    const ref: TrialRef = { runDir: element.run.folder.dir, trial: t.id };
    item.command = { command: 'rung.openTrialLog', title: 'Open Trial Log', arguments: [ref] };
    return item;
  }

  /** Tooltips are built on hover only: building 10,000 of them per refresh would cost more than the rows. */
  resolveTreeItem(item: vscode.TreeItem, element: RunsNode): vscode.TreeItem {
    if (element.kind !== 'trial') return item;
    const t = element.run.state.trials.get(element.trial);
    if (!t) return item;
    const energy = element.run.study ? trialEnergy(element.run.state, t, element.run.study.energy, Date.now()) : undefined;
    item.tooltip = new vscode.MarkdownString(trialTooltip(t, element.run.shape, energy));
    return item;
  }

  private runDescription(run: RunWatcher): string {
    const engine = run.error ? 'journal unreadable' : run.engineAlive() ? 'running' : run.state.ended ? 'ended' : 'engine stopped';
    const summary = summariseRun(run.state, run.shape.objective, undefined, Date.now());
    const best = summary.best && run.shape.objective ? ` · best ${run.shape.objective.name} ${fmt(summary.best.value)}` : '';
    return `${engine} · ${summary.trials} trials${best}`;
  }

  private runItem(run: RunWatcher): vscode.TreeItem {
    const item = new vscode.TreeItem(run.study?.name ? `${run.study.name} ${run.id}` : run.id, vscode.TreeItemCollapsibleState.Expanded);
    item.id = run.folder.dir;
    const description = this.runDescription(run);
    this.runDescriptions.set(run.folder.dir, description);
    item.description = description;
    const alive = run.engineAlive();
    item.iconPath = new vscode.ThemeIcon(alive ? 'run-all' : run.error ? 'warning' : 'history');
    item.contextValue = alive ? 'rungRun.live' : 'rungRun.stopped';
    item.tooltip = new vscode.MarkdownString(`**${run.id}**\n\n${run.folder.dir}\n\n${run.error ?? summariseRun(run.state, run.shape.objective, run.study?.energy, Date.now()).text}`);
    return item;
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
