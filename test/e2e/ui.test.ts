/**
 * What a person sees: the workbench in headless Chromium with the extension installed the way a
 * user has it (a folder in the extensions dir), a broken study open, and the Problems panel.
 * code-server runs without the smoke-test driver here, because that flag hides notifications.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { replay } from '../../src/core/journal/reducer';
import { chartSnapshot, chartStudy } from '../../src/core/report/charts/build';
import { checkStudy } from '../../src/core/space/validate';
import { readJournal } from '../../src/storage/journal-file';
import { launchBrowser, type Browser } from './harness/browser';
import { activeWebview, FIXTURE_RUN, installFixtureRun, installSyntheticRun, renderedMs, runFromPalette, showChartsOf } from './harness/charts';
import { startCodeServer, type CodeServer } from './harness/code-server';
import { OUTPUT_DIR, REPO_ROOT, scratchDir } from './harness/tools';
import { scratchWorkspace } from './harness/workspace';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };

let server: CodeServer;
let workspaceDir: string;
let browser: Browser;
const cleanups: (() => void)[] = [];

before(async () => {
  const workspace = scratchWorkspace();
  const extensions = scratchDir('extensions');
  workspaceDir = workspace.dir;
  cleanups.push(workspace.remove, extensions.remove);
  fs.symlinkSync(REPO_ROOT, path.join(extensions.dir, `${manifest.publisher}.${manifest.name}-${manifest.version}`));
  server = await startCodeServer({ smokeTestDriver: false, extensionsDir: extensions.dir });
  browser = await launchBrowser();
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  await browser.page.goto(`${server.url}/?folder=${encodeURIComponent(workspace.dir)}`);
  await browser.page.locator('.monaco-workbench .explorer-folders-view').waitFor({ timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  for (const cleanup of cleanups) cleanup();
});

async function openFile(name: string): Promise<void> {
  const { page } = browser;
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

test('the broken study shows squiggles in the editor', async () => {
  await openFile('broken.rung.yaml');
  const { page } = browser;
  await page.locator('.monaco-editor .squiggly-error').nth(1).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 2);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'editor-broken-study.png') });
  assert.equal(await page.locator('.statusbar-item', { hasText: 'Rung search space' }).count(), 1, 'the status bar does not show the Rung language');
});

/** `rung check --json` on a workspace file: what the Problems panel must show. */
function cliCheck(name: string): { line: number; column: number; code: string; message: string }[] {
  const file = path.join(workspaceDir, name);
  try {
    return JSON.parse(execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '--json', file], { encoding: 'utf8' }));
  } catch (e) {
    // Exit status 1 means "errors found"; the JSON is still on stdout.
    const { status, stdout } = e as { status: number; stdout: string };
    if (status === 1) return JSON.parse(stdout);
    throw e;
  }
}

test('the Problems panel lists each problem with its code and line, as rung check prints them', async () => {
  const { page } = browser;
  await page.keyboard.press('Control+Shift+M');
  const markers = page.locator('.markers-panel .monaco-list-row:has(.marker-code)');
  await markers.nth(1).waitFor({ timeout: 20_000 });
  // A marker row renders message, source, code and position, shown as "rung(code) [Ln N, Col M]".
  const rendered = await markers.evaluateAll((rows) => rows.map((row) => {
    const text = (selector: string) => row.querySelector(selector)?.textContent?.trim() ?? '';
    return { message: text('.marker-message'), source: text('.marker-source'), code: text('.marker-code'), where: text('.marker-line') };
  }));
  const rows = rendered.map(({ where, ...rest }) => {
    const m = /^\[Ln (\d+), Col (\d+)\]$/.exec(where);
    assert.ok(m, `unexpected position in the Problems panel: ${JSON.stringify(where)}`);
    return { ...rest, line: Number(m[1]), column: Number(m[2]) };
  });
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'problems-panel.png') });
  assert.deepEqual(rows.map((r) => [r.code, r.line]), [['bounds-order', 6], ['unknown-key', 12]]);
  assert.deepEqual(rows, cliCheck('broken.rung.yaml').map((d) => ({ message: d.message, source: 'rung', code: d.code, line: d.line, column: d.column })));
});

test('"Rung: Check Study File" from the command palette reports the count in a notification', async () => {
  const { page } = browser;
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Rung: Check Study File');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Rung: Check Study File' }).first().waitFor();
  await page.keyboard.press('Enter');
  const toast = page.locator('.notification-toast', { hasText: 'Rung: broken.rung.yaml' });
  await toast.waitFor({ timeout: 10_000 });
  assert.match(await toast.innerText(), /Rung: broken\.rung\.yaml: 2 errors, 0 warnings\./);
  await page.waitForTimeout(500); // the toast fades in; a screenshot taken at once is unreadable
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'check-command-notification.png') });
});

/** Right-clicks a file in the Explorer and returns the context menu that opens. */
async function explorerContextMenu(name: string) {
  const { page } = browser;
  const row = page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) });
  await row.click({ button: 'right' });
  const menu = page.locator('.monaco-menu-container .monaco-menu').last();
  await menu.waitFor();
  return menu;
}

test('the Explorer offers "Tune This Config" on a training config, not on a study', async () => {
  const { page } = browser;
  const onStudy = await explorerContextMenu('broken.rung.yaml');
  await onStudy.locator('.action-label', { hasText: 'Rename' }).waitFor();
  assert.equal(await onStudy.locator('.action-label', { hasText: 'Tune This Config' }).count(), 0);
  await page.keyboard.press('Escape');

  const menu = await explorerContextMenu('train.yaml');
  const item = menu.locator('.action-label', { hasText: 'Tune This Config' });
  // Menus in the browser open submenus and move focus on hover; click once it has settled.
  await item.hover();
  await page.waitForTimeout(500);
  await item.click();

  const quickInput = page.locator('.quick-input-widget');
  await quickInput.locator('.quick-input-title', { hasText: 'Tune train.yaml' }).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'tune-config-keys.png') });
  // A row's first label is the key; its detail line (the reason) is a label too.
  const checked = await quickInput.locator('.monaco-list-row[aria-checked="true"]').evaluateAll((rows) => rows.map((row) => row.querySelector('.label-name')?.textContent?.trim()));
  assert.deepEqual(checked, ['model.num_layers', 'model.hidden_size', 'model.dropout', 'optimizer.lr', 'optimizer.weight_decay', 'data.batch_size']);
  await page.keyboard.press('Enter');

  await quickInput.locator('.quick-input-title', { hasText: 'Training command' }).waitFor({ timeout: 10_000 });
  assert.equal(await quickInput.locator('input').inputValue(), 'python train.py --config {config}');
  await page.keyboard.press('Enter');

  await page.locator('.tabs-container .tab.active', { hasText: 'train.rung.yaml' }).waitFor({ timeout: 10_000 });
  assert.match(fs.readFileSync(path.join(workspaceDir, 'train.rung.yaml'), 'utf8'), /^base_config: train\.yaml$/m);
  assert.deepEqual(cliCheck('train.rung.yaml'), []);

  // Check it from the palette, so the Problems panel is known to be up to date for this file.
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill('>Rung: Check Study File');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Rung: Check Study File' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.notification-toast', { hasText: 'Rung: train.rung.yaml: no problems.' }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Control+Shift+M');
  const files = page.locator('.markers-panel .monaco-list-row .label-name');
  await files.filter({ hasText: 'broken.rung.yaml' }).first().waitFor({ timeout: 10_000 });
  assert.equal(await files.filter({ hasText: 'train.rung.yaml' }).count(), 0, 'the Problems panel lists the new study');
  assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 0);
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'tune-config-study.png') });
});

/** The Runs view's row whose text matches, e.g. a rung label or a trial id. */
function runsRow(text: string | RegExp) {
  return browser.page.locator('.pane-body .monaco-list-row', { hasText: text });
}

/** The engine of the workspace's only run of `study`: its run folder and the pid in its lock. */
function engineOf(studyName: string): { dir: string; pid: number | undefined } {
  const runs = path.join(workspaceDir, '.rung', 'runs');
  const dir = fs.readdirSync(runs).map((id) => path.join(runs, id)).find((d) => fs.readFileSync(path.join(d, 'study.rung.yaml'), 'utf8').includes(`name: ${studyName}`));
  assert.ok(dir, `no run of ${studyName} in ${runs}`);
  try {
    return { dir, pid: (JSON.parse(fs.readFileSync(path.join(dir, 'engine.lock'), 'utf8')) as { pid: number }).pid };
  } catch {
    return { dir, pid: undefined };
  }
}

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('Run from the CodeLens: the Runs tree shows rungs and trials filling in', async () => {
  const { page } = browser;
  await openFile('slow.rung.yaml');
  const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Run' }).first();
  await lens.waitFor({ timeout: 20_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'study-codelens.png') });
  await lens.click();
  // Run reveals the new run in the Runs view; its first rung fills in as trials report.
  const rung0 = runsRow('rung 0 (r=1)');
  await rung0.waitFor({ timeout: 30_000 });
  await rung0.click();
  await runsRow(/t0001/).first().waitFor({ timeout: 20_000 });
  await runsRow(/running/).first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'runs-tree-running.png') });
  await runsRow(/rung 0 \(r=1\).*[1-9]\d* done/).waitFor({ timeout: 30_000 });
  assert.ok(await page.locator('.statusbar-item', { hasText: /running/ }).count() > 0, 'the status bar does not show the run');
});

test('Stop Trial from the tree: the engine stops it and the tree says so', async () => {
  const { page } = browser;
  // The most recently started trial: it has the longest left to run before it could end by itself.
  const row = page.locator('.pane-body .monaco-list-row', { hasText: /^t\d{4}/ }).filter({ hasText: 'running' }).last();
  await row.waitFor({ timeout: 20_000 });
  const trial = (await row.locator('.label-name').innerText()).trim();
  await row.click({ button: 'right' });
  const item = page.locator('.monaco-menu-container .monaco-menu').last().locator('.action-label', { hasText: 'Stop Trial' });
  await item.hover();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'runs-tree-stop-trial-menu.png') });
  await item.click();
  await page.locator('.pane-body .monaco-list-row', { hasText: trial }).filter({ hasText: 'stopped early' }).first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'runs-tree-stopped-trial.png') });
  const { dir } = engineOf('slow');
  assert.match(fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8'), new RegExp(`"type":"control","request":"stop-trial","trial":"${trial}"`));
});

test('Reload the window mid-run: the engine keeps running and the tree reconnects', async () => {
  const { page } = browser;
  const before = engineOf('slow');
  assert.ok(alive(before.pid), 'the engine is not running before the reload');
  const eventsBefore = fs.readFileSync(path.join(before.dir, 'journal.jsonl'), 'utf8').split('\n').length;
  await page.reload();
  await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 60_000 });
  assert.ok(alive(before.pid), 'the reload stopped the engine');
  // The sidebar comes back as it was; open the Rung container only if the workbench did not restore it
  // (clicking its icon while it is open would close it).
  const runRow = runsRow(/slow \d{8}-\d{6}/);
  try {
    await page.locator('.pane-header', { hasText: 'Runs' }).waitFor({ timeout: 15_000 });
  } catch {
    await page.locator('.activitybar .action-item a[aria-label^="Rung"]').click();
  }
  await runRow.waitFor({ timeout: 30_000 });
  if (await runsRow(/t0001/).count() === 0) await runsRow('rung 0 (r=1)').click();
  await runsRow(/t0001/).first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'runs-tree-after-reload.png') });
  // The run went on meanwhile, and the tree follows it to its end.
  await runsRow(/slow \d{8}-\d{6}.*ended/).waitFor({ timeout: 90_000 });
  const eventsAfter = fs.readFileSync(path.join(before.dir, 'journal.jsonl'), 'utf8').split('\n').length;
  assert.ok(eventsAfter > eventsBefore, 'the journal did not grow after the reload');
  assert.equal(engineOf('slow').pid, undefined, 'the engine did not release its lock at the end');
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'runs-tree-ended.png') });
});

test('the charts of a recorded run: every trial is a point on the Pareto canvas and clicking one reveals its trial', async () => {
  const { page } = browser;
  const runDir = installFixtureRun(workspaceDir);
  const study = chartStudy(checkStudy(fs.readFileSync(path.join(runDir, 'study.rung.yaml'), 'utf8')).study);
  const expected = chartSnapshot(replay(readJournal(path.join(runDir, 'journal.jsonl')).events), study, {}, Date.now()).pareto;
  assert.ok(expected && expected.total === 24 && expected.frontSize > 1);

  // Earlier tests leave the Problems panel and notifications open; the screenshots show the charts alone.
  await runFromPalette(page, 'Notifications: Clear All Notifications');
  if (await page.locator('.part.panel.bottom').isVisible()) await page.keyboard.press('Control+J');
  // Console messages of every frame, the webview's included: the strict CSP must not have to refuse anything.
  const refused: string[] = [];
  const onConsole = (m: { text(): string }) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  };
  page.on('console', onConsole);
  await showChartsOf(page, FIXTURE_RUN);
  await page.locator('.tabs-container .tab.active', { hasText: 'Rung charts: charts-fixture' }).waitFor({ timeout: 20_000 });
  const frame = await activeWebview(page);
  const canvas = frame.locator('#pareto-canvas[data-points]');
  await canvas.waitFor({ timeout: 30_000 });
  assert.equal(await canvas.getAttribute('data-points'), String(expected.points.length));
  assert.equal(await canvas.getAttribute('data-front'), String(expected.frontSize));
  assert.match(await frame.locator('#pareto-caption').innerText(), new RegExp(`^24 trials with both objectives, ${expected.frontSize} on the front`));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'charts-pareto-light.png') });
  page.off('console', onConsole);
  assert.deepEqual(refused, [], 'the charts page broke its Content Security Policy');

  // Click the canvas where the first front point is drawn (its chip says where).
  const chip = frame.locator('#pareto-front-list .chip').first();
  const trial = await chip.getAttribute('data-trial');
  assert.ok(trial && expected.points.some((p) => p.front && p.trial === trial));
  await canvas.click({ position: { x: Number(await chip.getAttribute('data-px')), y: Number(await chip.getAttribute('data-py')) } });
  // The Runs view selects the trial and its log opens.
  await page.locator('.monaco-list-row.selected', { hasText: trial }).first().waitFor({ timeout: 20_000 });
  await page.locator('.tabs-container .tab', { hasText: `${trial}.log` }).first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'charts-reveal-trial.png') });
});

test('the charts follow the theme, come back on their tab after a reload, and draw 1,000 and 10,000 trials', async () => {
  const { page } = browser;
  // Clicking a point opened that trial's log over the panel: bring the charts back to the front.
  await page.locator('.tabs-container .tab', { hasText: 'Rung charts: charts-fixture' }).click();
  await activeWebview(page);
  await runFromPalette(page, 'Preferences: Toggle between Light/Dark Themes');
  await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 10_000 });
  const frame = await activeWebview(page);
  // The page redraws with the theme's colours (the tooltip of the click above is gone too).
  await frame.locator('body.vscode-dark').waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(OUTPUT_DIR, 'charts-pareto-dark.png') });
  for (const tab of ['curves', 'energy']) {
    await frame.locator(`vscode-tab-header[data-tab="${tab}"]`).click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(OUTPUT_DIR, `charts-${tab}-dark.png`) });
  }

  // After a reload the serializer brings the panel back, on the tab it showed (the webview's saved state).
  await runFromPalette(page, 'Developer: Reload Window');
  await page.locator('.tabs-container .tab.active', { hasText: 'Rung charts: charts-fixture' }).waitFor({ timeout: 60_000 });
  const restored = await activeWebview(page);
  await restored.locator('#energy-facts b').first().waitFor({ timeout: 30_000 });
  assert.equal(await restored.locator('vscode-tabs').getAttribute('selected-index'), '2');
  assert.ok(await restored.locator('#energy-facts').isVisible(), 'the restored panel is not on the Energy tab');

  const timings: Record<string, number> = {};
  for (const trials of [1000, 10000]) {
    const id = installSyntheticRun(workspaceDir, trials);
    await showChartsOf(page, id);
    await page.locator('.tabs-container .tab.active', { hasText: `synthetic-${trials}` }).waitFor({ timeout: 60_000 });
    const big = await activeWebview(page);
    timings[String(trials)] = await renderedMs(big, 1);
    await big.locator('#pareto-canvas[data-points]').waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, `charts-${trials}-trials.png`) });
  }
  fs.writeFileSync(path.join(OUTPUT_DIR, 'chart-render.json'), JSON.stringify({ renderMs: timings }, null, 2));
});
