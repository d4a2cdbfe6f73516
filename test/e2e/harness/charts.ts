/** What the charts UI test needs: the webview's frame, runs to open, and the palette. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { syntheticRun } from '../../unit/support/synthetic-run';
import { REPO_ROOT } from './tools';

export const FIXTURE_RUN = '20261125-120000-c4a7';

/** Copies the recorded fixture run into the workspace's runs folder; returns its folder. */
export function installFixtureRun(workspaceDir: string): string {
  const dir = path.join(workspaceDir, '.rung', 'runs', FIXTURE_RUN);
  fs.cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'charts', FIXTURE_RUN), dir, { recursive: true });
  return dir;
}

const SYNTHETIC_STUDY = (trials: number) => `version: 1
name: synthetic-${trials}
command: python3 train.py --lr {lr} --width {width} --epochs {resource}
space:
  lr: {loguniform: [1.0e-4, 1.0e-2]}
  width: {choice: [64, 128, 192, 256, 320, 384, 448, 512]}
objectives:
  loss: {mode: min}
  cost: {mode: min}
scheduler: {type: asha, resource: epochs, min: 1, max: 27, reduction: 3}
`;

/** A synthetic run of `trials` trials (test/unit/support/synthetic-run.ts) in the workspace, for render timings. */
export function installSyntheticRun(workspaceDir: string, trials: number): string {
  const id = `20260101-000000-${String(trials).padStart(5, '0')}`;
  const dir = path.join(workspaceDir, '.rung', 'runs', id);
  fs.mkdirSync(path.join(dir, 'trials'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'study.rung.yaml'), SYNTHETIC_STUDY(trials));
  fs.writeFileSync(path.join(dir, 'journal.jsonl'), syntheticRun(trials).map((e) => JSON.stringify(e)).join('\n') + '\n');
  return id;
}

/** Runs a command by its title. Right after the window opens, extensions' commands may not be listed yet: try again. */
export async function runFromPalette(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill(`>${title}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/**
 * "Rung: Show Charts", then the run picked by id in the quick pick. A webview that finishes
 * loading (a panel restored after a reload) can take the focus and close the quick pick: try again.
 */
export async function showChartsOf(page: Page, runId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await runFromPalette(page, 'Rung: Show Charts');
    try {
      await page.locator('.quick-input-widget input').fill(runId, { timeout: 10_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: runId }).first().waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/** The page inside the active webview (VS Code nests it: the webview iframe, then its active frame). */
export async function activeWebview(page: Page): Promise<FrameLocator> {
  const outer = page.locator('iframe.webview.ready').last();
  await outer.waitFor({ timeout: 30_000 });
  return outer.contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Waits until the webview has drawn at least `renders` times; returns its last render time in ms. */
export async function renderedMs(frame: FrameLocator, renders: number): Promise<number> {
  const root = frame.locator(`#root[data-renders]`);
  await root.waitFor({ timeout: 60_000 });
  for (let i = 0; i < 600; i++) {
    if (Number(await root.getAttribute('data-renders')) >= renders) return Number(await root.getAttribute('data-render-ms'));
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the charts did not draw ${renders} time(s)`);
}
