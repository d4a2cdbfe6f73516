import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { replay } from '../../../src/core/journal/reducer';
import { chartSnapshot, chartStudy } from '../../../src/core/report/charts/build';
import { checkStudy } from '../../../src/core/space/validate';
import type { ChartsPanels } from '../../../src/extension/charts/register';
import { readJournal } from '../../../src/storage/journal-file';
import { extension, waitFor } from './workspace';

const FIXTURE_RUN = '20261125-120000-c4a7';

const charts = (): ChartsPanels => (extension().exports as { charts: ChartsPanels }).charts;
const fixtureRun = (): string => path.join(extension().extensionPath, 'test', 'fixtures', 'charts', FIXTURE_RUN);

suite('charts', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('rung.showCharts opens a panel on a recorded run and answers the webview\'s ready with a snapshot of that run', async () => {
    const runDir = fixtureRun();
    await vscode.commands.executeCommand('rung.showCharts', runDir);
    const panel = charts().panelFor(runDir);
    assert.ok(panel, 'no charts panel for the fixture run');
    // The snapshot is sent only after the page said ready: seeing it means the webview loaded and listened.
    await waitFor('the snapshot', () => (panel.sent.snapshot > 0 ? true : undefined), 20_000);
    assert.equal(panel.panel.title, 'Rung charts: charts-fixture');
    assert.equal(panel.panel.viewType, 'rung.charts');
    assert.equal(panel.panel.webview.options.enableScripts, true);
    assert.deepEqual(panel.panel.webview.options.localResourceRoots?.map((u) => path.relative(extension().extensionPath, u.fsPath)), ['dist']);
    assert.match(panel.panel.webview.html, /default-src 'none'; script-src 'nonce-[^']+'/);
    const state = replay(readJournal(path.join(runDir, 'journal.jsonl')).events);
    assert.equal(panel.feed.state.order.length, state.order.length);
    const expected = chartSnapshot(state, chartStudy(checkStudy(fs.readFileSync(path.join(runDir, 'study.rung.yaml'), 'utf8')).study), {}, Date.now());
    assert.equal(expected.pareto?.total, 24);
    assert.ok((expected.pareto?.frontSize ?? 0) > 1);
  });

  test('asking again reveals the same panel instead of opening a second one', async () => {
    const runDir = fixtureRun();
    await vscode.commands.executeCommand('rung.showCharts', runDir);
    const first = charts().panelFor(runDir);
    await vscode.commands.executeCommand('rung.showCharts', { runDir });
    assert.equal(charts().panelFor(runDir), first);
  });

  test('a hidden panel is torn down and gets a fresh snapshot when shown again', async () => {
    const runDir = fixtureRun();
    await vscode.commands.executeCommand('rung.showCharts', runDir);
    const panel = charts().panelFor(runDir);
    assert.ok(panel);
    await waitFor('the snapshot', () => (panel.sent.snapshot > 0 ? true : undefined), 20_000);
    const before = panel.sent.snapshot;
    // Another editor in the same group hides the panel (it is not kept alive while hidden).
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'other', language: 'plaintext' }), { viewColumn: panel.panel.viewColumn, preview: false });
    await waitFor('the panel to hide', () => (panel.panel.visible ? undefined : true));
    panel.reveal();
    await waitFor('a snapshot after showing it again', () => (panel.sent.snapshot > before ? true : undefined), 20_000);
    assert.equal(charts().panelFor(runDir), panel, 'the same panel, not a new one');
  });

  test('a folder that is not a run gets a clear error, no panel', async () => {
    const notARun = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-not-a-run-'));
    const result = await vscode.commands.executeCommand('rung.showCharts', notARun);
    assert.equal(result, undefined);
    assert.equal(charts().panelFor(notARun), undefined);
    fs.rmSync(notARun, { recursive: true });
  });

  test('follows a growing journal and sends patches, not snapshots', async () => {
    const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'rung-live-'));
    const runDir = path.join(runs, FIXTURE_RUN);
    fs.mkdirSync(runDir);
    fs.copyFileSync(path.join(fixtureRun(), 'study.rung.yaml'), path.join(runDir, 'study.rung.yaml'));
    const lines = fs.readFileSync(path.join(fixtureRun(), 'journal.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    const half = Math.floor(lines.length / 2);
    fs.writeFileSync(path.join(runDir, 'journal.jsonl'), lines.slice(0, half).join('\n') + '\n');
    try {
      await vscode.commands.executeCommand('rung.showCharts', runDir);
      const panel = charts().panelFor(runDir);
      assert.ok(panel);
      await waitFor('the snapshot', () => (panel.sent.snapshot > 0 ? true : undefined), 20_000);
      const before = panel.feed.state.order.length;
      const snapshots = panel.sent.snapshot;
      fs.appendFileSync(path.join(runDir, 'journal.jsonl'), lines.slice(half).join('\n') + '\n');
      await waitFor('a patch', () => (panel.sent.patch > 0 ? true : undefined), 10_000);
      assert.equal(panel.feed.state.order.length, 24);
      assert.ok(before < 24, 'the first half of the journal must hold fewer trials');
      assert.equal(panel.sent.snapshot, snapshots, 'growth must be sent as patches');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(runs, { recursive: true, force: true });
    }
  });
});
