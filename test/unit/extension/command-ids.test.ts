import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMMAND_IDS } from '../../../src/extension/commands/ids';

const manifestPath = path.resolve(__dirname, '..', '..', '..', '..', 'package.json');

test('the command ids in code are exactly the commands package.json contributes', () => {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { contributes: { commands: { command: string }[] } };
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(Object.values(COMMAND_IDS).sort(), declared);
});
