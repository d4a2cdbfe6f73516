import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMMAND_IDS, VIEW_IDS } from '../../../src/extension/commands/ids';
import { SETTING_IDS } from '../../../src/extension/settings-ids';

const manifestPath = path.resolve(__dirname, '..', '..', '..', '..', 'package.json');

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string }[]>;
    configuration: { properties: Record<string, unknown> };
    menus: Record<string, { command: string }[]>;
  };
}
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;

test('the command ids in code are exactly the commands package.json contributes', () => {
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(Object.values(COMMAND_IDS).sort(), declared);
});

test('the view ids in code are exactly the views package.json contributes', () => {
  const declared = Object.values(manifest.contributes.views).flat().map((v) => v.id).sort();
  assert.deepEqual(Object.values(VIEW_IDS).sort(), declared);
});

test('the setting ids in code are exactly the settings package.json contributes', () => {
  assert.deepEqual(Object.values(SETTING_IDS).sort(), Object.keys(manifest.contributes.configuration.properties).sort());
});

test('every menu entry names a declared command', () => {
  const declared = new Set(manifest.contributes.commands.map((c) => c.command));
  const stray = Object.values(manifest.contributes.menus).flat().map((m) => m.command).filter((c) => !declared.has(c));
  assert.deepEqual(stray, []);
});

test('commands that run or stop a study are enabled only in a trusted workspace', () => {
  const runs = [COMMAND_IDS.run, COMMAND_IDS.resume, COMMAND_IDS.stopRun, COMMAND_IDS.stopTrial];
  for (const c of manifest.contributes.commands.filter((c) => (runs as string[]).includes(c.command))) {
    assert.match((c as { enablement?: string }).enablement ?? '', /isWorkspaceTrusted/, c.command);
  }
});
