/**
 * The Runs view, its commands and resume detection, on a run folder recorded from a real engine
 * (test/fixtures/recorded-run) and on a run the tests start. Independent of the other suites: it
 * copies what it needs into the workspace and reads the tree through the extension's own provider.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extension, openInEditor, waitFor, workspaceFile } from './workspace';

const RECORDED = '20261125-152405-8846';
/** The recorded run cut before its end, with the lock of an engine that died. */
const ORPHAN = '20261125-152405-dead';

interface TreeApi {
  getChildren(node?: unknown): unknown[];
  getTreeItem(node: unknown): vscode.TreeItem;
}
interface RunsApi {
  registry: { rescan(): void; runs: { id: string; state: { ended?: unknown; trials: Map<string, { state: string }> } }[] };
  tree: TreeApi;
  resumeOffers: { offered: string[] };
}

function runsApi(): RunsApi {
  return (extension().exports as { runs: RunsApi }).runs;
}

function runsDir(): string {
  return workspaceFile(path.join('.rung', 'runs')).fsPath;
}

function fixtureRun(): string {
  return path.join(extension().extensionPath, 'test', 'fixtures', 'recorded-run', RECORDED);
}

const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');

/** The tree as text: "label — description" per node, children indented, for one run. */
function render(api: RunsApi, runId: string): string[] {
  const run = api.tree.getChildren().find((n) => (api.tree.getTreeItem(n).id ?? '').endsWith(runId));
  assert.ok(run, `the Runs view has no run ${runId}`);
  const lines: string[] = [];
  const walk = (node: unknown, depth: number) => {
    const item = api.tree.getTreeItem(node);
    lines.push(`${'  '.repeat(depth)}${label(item)} — ${item.description ?? ''}`);
    for (const child of api.tree.getChildren(node)) walk(child, depth + 1);
  };
  walk(run, 0);
  return lines;
}

/** A pid that was just alive and is not any more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  return Number(child.stdout);
}

suite('runs', () => {
  suiteSetup(async () => {
    fs.mkdirSync(runsDir(), { recursive: true });
    fs.cpSync(fixtureRun(), path.join(runsDir(), RECORDED), { recursive: true });
    const orphan = path.join(runsDir(), ORPHAN);
    fs.cpSync(fixtureRun(), orphan, { recursive: true });
    const lines = fs.readFileSync(path.join(orphan, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    fs.writeFileSync(path.join(orphan, 'journal.jsonl'), lines.slice(0, 40).join('\n') + '\n');
    fs.writeFileSync(path.join(orphan, 'engine.lock'), JSON.stringify({ pid: deadPid(), host: os.hostname(), startedAt: Date.now() - 60_000 }) + '\n');
    await extension().activate();
    runsApi().registry.rescan();
  });

  test('the Runs view shows the recorded run: rungs with their counts, trials with state and value', () => {
    const lines = render(runsApi(), RECORDED);
    assert.equal(lines[0], `tiny ${RECORDED} — ended · 9 trials · best score 0.8771`);
    assert.deepEqual(lines.filter((l) => l.startsWith('  rung')), [
      '  rung 0 (r=1) — 0 running / 9 done / 3 promoted',
      '  rung 1 (r=3) — 0 running / 3 done / 1 promoted',
      '  rung 2 (r=9) — 0 running / 1 done / 0 promoted',
    ]);
    assert.equal(lines.length, 1 + 3 + 9 + 3 + 1);
    assert.ok(lines.includes('    t0005 — completed · score 0.8771 · epochs 9'), lines.join('\n'));
    assert.ok(lines.includes('    t0005 — promoted · score 0.4771 · epochs 1'), lines.join('\n'));
  });

  test('a run whose engine died is offered for resume and shows as stopped', async () => {
    await waitFor('the resume offer', () => (runsApi().resumeOffers.offered.includes(ORPHAN) ? true : undefined));
    assert.ok(!runsApi().resumeOffers.offered.includes(RECORDED), 'an ended run must not be offered for resume');
    assert.match(render(runsApi(), ORPHAN)[0] ?? '', /— engine stopped · 6 trials/);
  });

  test('rung.openTrialLog opens a read-only log that follows the file', async () => {
    const runDir = path.join(runsDir(), RECORDED);
    const logFile = path.join(runDir, 'trials', 't0002', 'log');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('rung.openTrialLog', { runDir, trial: 't0002' });
    assert.equal(uri?.scheme, 'rung-log');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(), fs.readFileSync(logFile, 'utf8'));
    fs.appendFileSync(logFile, 'rung: {"resource": 4, "score": 0.75}\n');
    await waitFor('the log document to follow the file', () => (doc.getText().includes('"resource": 4') ? true : undefined));
  });

  test('rung.revealTrial selects the trial at its home rung', async () => {
    const runDir = path.join(runsDir(), RECORDED);
    assert.equal(await vscode.commands.executeCommand('rung.revealTrial', { runDir, trial: 't0005' }), true);
    assert.equal(await vscode.commands.executeCommand('rung.revealTrial', { runDir, trial: 'nope' }), false);
  });

  test('Stop Trial and Stop Run ask nothing of a run no engine runs', async () => {
    const runDir = path.join(runsDir(), RECORDED);
    assert.equal(await vscode.commands.executeCommand('rung.stopTrial', { runDir, trial: 't0001' }), false);
    assert.equal(await vscode.commands.executeCommand('rung.stopRun', { runDir }), false);
    assert.equal(fs.existsSync(path.join(runDir, 'control.jsonl')), false, 'a request was written that no engine would read');
  });

  test('rung.copyBestConfig copies the best trial as YAML and as a command line', async () => {
    const node = { runDir: path.join(runsDir(), RECORDED) };
    assert.equal(await vscode.commands.executeCommand('rung.copyBestConfig', node, 'yaml'), 'lr: 0.12291634659303742\n');
    assert.equal(await vscode.env.clipboard.readText(), 'lr: 0.12291634659303742\n');
    const line = await vscode.commands.executeCommand<string>('rung.copyBestConfig', node, 'command');
    assert.ok(line.startsWith('python3 -c ') && line.endsWith(' 0.12291634659303742 9'), line);
  });

  test('rung.exportResults writes CSV and JSON', async () => {
    const node = { runDir: path.join(runsDir(), RECORDED) };
    const csv = workspaceFile('results.csv');
    await vscode.commands.executeCommand('rung.exportResults', node, csv);
    const rows = fs.readFileSync(csv.fsPath, 'utf8').trimEnd().split('\n');
    assert.equal(rows[0], 'trial,state,epochs,score,lr');
    assert.equal(rows.length, 10);
    const json = workspaceFile('results.json');
    await vscode.commands.executeCommand('rung.exportResults', node, json);
    assert.equal((JSON.parse(fs.readFileSync(json.fsPath, 'utf8')) as unknown[]).length, 9);
  });

  test('rung.run starts the study detached and the tree fills in until the run ends', async function () {
    this.timeout(60_000);
    await openInEditor(workspaceFile('tiny.rung.yaml'));
    const id = await vscode.commands.executeCommand<string>('rung.run', workspaceFile('tiny.rung.yaml'));
    assert.match(id ?? '', /^\d{8}-\d{6}-[0-9a-f]+$/);
    const api = runsApi();
    await waitFor('the run to end', () => (api.registry.runs.find((r) => r.id === id)?.state.ended ? true : undefined), 45_000);
    // The last change reaches the tree a coalescing interval after the watcher saw it.
    const lines = await waitFor('the tree to show the end', () => {
      const l = render(api, id);
      return l[0]?.includes('ended') ? l : undefined;
    });
    assert.ok(lines.some((l) => l.startsWith('  rung 2 (r=9) — 0 running / 1 done')), lines.join('\n'));
    assert.ok(!api.resumeOffers.offered.includes(id), 'a run that ended must not be offered for resume');
  });
});
