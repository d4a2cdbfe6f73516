/**
 * The Hosts view: where the current run's trials go (this machine, SSH hosts,
 * a Slurm partition), each GPU seen there with its latest power sample and
 * the trial on it. Reads the run the status bar speaks of.
 */
import * as vscode from 'vscode';
import { LOCAL_HOST } from '../../backends/local/local-backend';
import { declaredHosts, gpuDescription, hostRows, type GpuRow, type HostRow } from '../../core/report/hosts';
import type { RunRegistry } from './run-registry';

type HostsNode = { readonly kind: 'host'; readonly row: HostRow } | { readonly kind: 'gpu'; readonly host: string; readonly row: GpuRow };

const REACH_ICONS: Readonly<Record<HostRow['reachability'], [string, string | undefined]>> = {
  reachable: ['vm-active', 'testing.iconPassed'],
  unreachable: ['vm-outline', 'testing.iconFailed'],
  unknown: ['vm', undefined],
};

export class HostsTree implements vscode.TreeDataProvider<HostsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private lastText = '';

  constructor(private readonly registry: RunRegistry) {
    // Hosts are few: the whole view refreshes, but only when what it shows changed.
    const refresh = () => {
      const text = JSON.stringify(this.rows());
      if (text === this.lastText) return;
      this.lastText = text;
      this.changed.fire(undefined);
    };
    this.subscriptions = [registry.onDidChangeRuns(refresh), registry.onDidChangeRun(refresh)];
  }

  rows(): HostRow[] {
    const run = this.registry.current;
    return hostRows(declaredHosts(run?.study, LOCAL_HOST), run?.state, run?.hosts);
  }

  getChildren(element?: HostsNode): HostsNode[] {
    if (!element) return this.rows().map((row) => ({ kind: 'host', row }));
    if (element.kind === 'host') return element.row.gpus.map((row) => ({ kind: 'gpu', host: element.row.name, row }));
    return [];
  }

  getTreeItem(element: HostsNode): vscode.TreeItem {
    if (element.kind === 'gpu') {
      const item = new vscode.TreeItem(`GPU ${element.row.gpu}`, vscode.TreeItemCollapsibleState.None);
      item.id = `${element.host}#${element.row.gpu}`;
      item.description = gpuDescription(element.row);
      item.iconPath = new vscode.ThemeIcon('circuit-board');
      return item;
    }
    const row = element.row;
    const item = new vscode.TreeItem(row.name, row.gpus.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = row.name;
    const [icon, color] = REACH_ICONS[row.reachability];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.description = `${row.kind === 'local' ? 'this machine' : row.kind === 'ssh' ? 'SSH' : 'Slurm'} · ${row.reachability}${row.gpus.length > 0 ? ` · ${row.gpus.length} GPU${row.gpus.length === 1 ? '' : 's'}` : ''}`;
    item.tooltip = row.problem ? `Last launch failure: ${row.problem}` : `${row.name}: ${row.reachability}`;
    item.contextValue = 'rungHost';
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
