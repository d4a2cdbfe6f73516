import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { extension, waitFor, workspaceFile } from './workspace';

suite('activation', () => {
  test('the extension is installed but idle until a study file is opened', () => {
    assert.equal(extension().isActive, false);
  });

  test('opening a *.rung.yaml file gives it the rung language and activates the extension', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('broken.rung.yaml'));
    assert.equal(document.languageId, 'rung');
    await waitFor('rung-tools.rung to activate', () => (extension().isActive ? true : undefined));
    const ms = (extension().exports as { activationMs: number }).activationMs;
    assert.ok(ms > 0, `activation time not measured: ${ms}`);
    // The activation benchmark (bench/activation.sh) collects this; the target lives there, not here.
    const report = process.env['RUNG_ACTIVATION_REPORT'];
    if (report) fs.writeFileSync(report, JSON.stringify({ activationMs: ms, vscode: vscode.version, node: process.version }) + '\n');
  });

  test('rung.yaml and *.rung.yml are studies; other YAML is not', async () => {
    for (const [name, language] of [['rung.yaml', 'rung'], ['short.rung.yml', 'rung'], ['plain.yaml', 'yaml']]) {
      const document = await vscode.workspace.openTextDocument(workspaceFile(name as string));
      assert.equal(document.languageId, language, name);
    }
  });
});
