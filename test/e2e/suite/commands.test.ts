import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cliCheck, cliPlan, extension, openInEditor, waitFor, workspaceFile } from './workspace';

suite('commands', () => {
  // Registered on activation: activate here so the suite does not depend on an earlier suite opening a study.
  suiteSetup(async () => { await extension().activate(); });

  test('every command package.json declares is registered', async () => {
    const declared = (extension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.deepEqual([...declared].sort(), [
      'rung.check', 'rung.copyBestConfig', 'rung.exportResults', 'rung.openTrialLog', 'rung.refreshRuns', 'rung.resume', 'rung.revealRun',
      'rung.revealTrial', 'rung.revealTrialConfig', 'rung.run', 'rung.showCharts', 'rung.showLog', 'rung.showPlan', 'rung.stopRun', 'rung.stopTrial', 'rung.tuneConfig',
    ]);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((id) => !registered.has(id)), []);
  });

  test('rung.check re-validates the active study and counts what the CLI finds', async () => {
    const uri = workspaceFile('broken.rung.yaml');
    await openInEditor(uri);
    const counts = await vscode.commands.executeCommand('rung.check');
    const fromCli = cliCheck(uri);
    assert.ok(fromCli.length > 0, 'the fixture must have problems for this test to mean anything');
    assert.deepEqual(counts, {
      errors: fromCli.filter((d) => d.severity === 'error').length,
      warnings: fromCli.filter((d) => d.severity === 'warning').length,
      information: fromCli.filter((d) => d.severity === 'info').length,
    });
  });

  test('rung.check does nothing without a study in the editor', async () => {
    await openInEditor(workspaceFile('plain.yaml'));
    assert.equal(await vscode.commands.executeCommand('rung.check'), undefined);
  });

  test('rung.showPlan shows the plan `rung plan` prints, in a rung-plan: document beside the study', async () => {
    const study = workspaceFile('rung.yaml');
    await openInEditor(study);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('rung.showPlan');
    assert.ok(uri, 'rung.showPlan returned no document');
    assert.equal(uri.scheme, 'rung-plan');
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    assert.ok(shown, 'the plan is not visible in an editor');
    const expected = cliPlan(study);
    assert.match(expected, /successive halving/);
    assert.equal(shown.document.getText(), expected);
  });

  test('rung.showLog reveals the Rung log', async () => {
    // The Output view opens an `output:` document for the channel it shows, and only then.
    const isRungLog = (d: vscode.TextDocument) => d.uri.scheme === 'output' && d.uri.path.includes('rung-tools.rung');
    assert.equal(vscode.workspace.textDocuments.some(isRungLog), false);
    await vscode.commands.executeCommand('rung.showLog');
    await waitFor('the Rung log to be shown', () => vscode.workspace.textDocuments.find(isRungLog));
  });
});
