/** Debian's Chromium, headless, driven by playwright-core, with a fresh profile per launch. */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, scratchDir } from './tools';

export interface Browser {
  readonly page: Page;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(viewport = { width: 1400, height: 900 }): Promise<Browser> {
  const profile = scratchDir('chromium');
  const context = await chromium.launchPersistentContext(profile.dir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
  const page = context.pages()[0] ?? await context.newPage();
  return { page, context, close: async () => { await context.close(); profile.remove(); } };
}
