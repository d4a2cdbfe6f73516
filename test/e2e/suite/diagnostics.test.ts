import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cliCheck, editorDiagnostics, waitFor, workspaceFile } from './workspace';

const nonEmpty = <T>(xs: T[]): T[] | undefined => (xs.length > 0 ? xs : undefined);

suite('diagnostics', () => {
  test('a broken study shows exactly what `rung check --json` prints', async () => {
    const uri = workspaceFile('broken.rung.yaml');
    await vscode.workspace.openTextDocument(uri);
    const shown = await waitFor('diagnostics on broken.rung.yaml', () => nonEmpty(editorDiagnostics(uri)));
    // The fixture's two mistakes, pinned here so a CLI regression cannot pass unnoticed.
    assert.deepEqual(shown.map((d) => [d.code, d.line]), [['bounds-order', 6], ['unknown-key', 12]]);
    assert.deepEqual(shown, cliCheck(uri));
  });

  test('a valid study and a non-study YAML file show no Rung diagnostics', async () => {
    for (const name of ['rung.yaml', 'short.rung.yml', 'plain.yaml']) {
      const uri = workspaceFile(name);
      await vscode.workspace.openTextDocument(uri);
      assert.deepEqual(editorDiagnostics(uri), [], name);
    }
    assert.deepEqual(cliCheck(workspaceFile('rung.yaml')), []);
  });

  test('fixing a mistake with an edit removes its diagnostic, and the saved file agrees with the CLI', async () => {
    const uri = workspaceFile('broken.rung.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await waitFor('the unknown key to be reported', () => (editorDiagnostics(uri).some((d) => d.code === 'unknown-key') ? true : undefined));
    const line = document.lineAt(11);
    assert.match(line.text, /^schedular:/);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(11, 0, 11, 'schedular'.length), 'scheduler');
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    const after = await waitFor('unknown-key to go away', () => {
      const now = editorDiagnostics(uri);
      return now.some((d) => d.code === 'unknown-key') ? undefined : now;
    });
    assert.deepEqual(after.map((d) => [d.code, d.line]), [['bounds-order', 6]]);
    assert.equal(await document.save(), true);
    assert.deepEqual(editorDiagnostics(uri), cliCheck(uri));
  });
});
