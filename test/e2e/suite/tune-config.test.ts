import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { proposeSpace, studyText } from '../../../src/core/space/generate';
import { cliCheck, editorDiagnostics, openInEditor, waitFor, workspaceFile } from './workspace';

const read = async (uri: vscode.Uri): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

/** What the command must write for these keys: the core's study text over the config on disk. */
async function expectedStudy(config: string, keys: readonly string[], command: string): Promise<string> {
  const proposals = proposeSpace(await read(workspaceFile(config)), config.endsWith('.json') ? 'json' : 'yaml');
  return studyText(proposals.filter((p) => keys.includes(p.key)), config, command);
}

suite('tune-config', () => {
  test('package.json offers Tune This Config on YAML and JSON files in the explorer and editor menus, never on studies', () => {
    const manifest = vscode.extensions.getExtension('rung-tools.rung')?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    for (const menu of ['explorer/context', 'editor/context', 'commandPalette']) {
      const entry = manifest.contributes.menus[menu]?.find((m) => m.command === 'rung.tuneConfig');
      assert.ok(entry?.when, `${menu} has no rung.tuneConfig entry with a when clause`);
      assert.match(entry.when, /resourceExtname =~ .*json/);
      assert.match(entry.when, /!\(resourceFilename =~ .*rung/);
    }
  });

  test('writes train.rung.yaml beside the config for the given keys and command, opens it, and it checks clean', async () => {
    const config = workspaceFile('train.yaml');
    const keys = ['model.num_layers', 'optimizer.lr', 'data.batch_size'];
    const command = 'python train.py --config {config} --out {trial_dir}';
    const study = await vscode.commands.executeCommand<vscode.Uri>('rung.tuneConfig', config, { keys, command });
    assert.ok(study, 'rung.tuneConfig returned no study');
    assert.equal(study.toString(), workspaceFile('train.rung.yaml').toString());
    assert.equal(await read(study), await expectedStudy('train.yaml', keys, command));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), study.toString(), 'the new study is not the active editor');
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'rung');
    // rung.check re-validates the active study with the base_config on disk, as the Problems panel shows it.
    assert.deepEqual(await vscode.commands.executeCommand('rung.check'), { errors: 0, warnings: 0, information: 0 });
    assert.deepEqual(editorDiagnostics(study), []);
    assert.deepEqual(cliCheck(study), []);
  });

  test('asks for the command with the one last used in this workspace, and accepts the default keys', async () => {
    const config = workspaceFile('hparams.json');
    const remembered = 'python train.py --config {config} --out {trial_dir}';
    // The QuickPick comes first, then the InputBox; each is accepted as a person pressing Enter would.
    const running = vscode.commands.executeCommand<vscode.Uri>('rung.tuneConfig', config, { overwrite: false });
    for (let prompt = 0; prompt < 2; prompt++) {
      await new Promise((r) => setTimeout(r, 700));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const study = await running;
    assert.ok(study, 'rung.tuneConfig returned no study');
    const defaults = proposeSpace(await read(config), 'json').filter((p) => p.pickedByDefault).map((p) => p.key);
    assert.deepEqual(defaults, ['model.depth', 'model.dropRate', 'optimizer.learningRate', 'optimizer.momentum']);
    assert.equal(await read(study), await expectedStudy('hparams.json', defaults, remembered));
    await waitFor('the study to be active', () => (vscode.window.activeTextEditor?.document.uri.toString() === study.toString() ? true : undefined));
    assert.deepEqual(await vscode.commands.executeCommand('rung.check'), { errors: 0, warnings: 0, information: 0 });
  });

  test('leaves an existing study alone unless told to replace it', async () => {
    const config = workspaceFile('train.yaml');
    const study = workspaceFile('train.rung.yaml');
    const before = await read(study);
    const options = { keys: ['model.dropout'], command: 'python other.py --config {config}' };
    assert.equal(await vscode.commands.executeCommand('rung.tuneConfig', config, { ...options, overwrite: false }), undefined);
    assert.equal(await read(study), before);
    await vscode.commands.executeCommand('rung.tuneConfig', config, { ...options, overwrite: true });
    assert.equal(await read(study), await expectedStudy('train.yaml', options.keys, options.command));
  });

  test('refuses a command without {config} or a key it cannot search, and writes nothing', async () => {
    const config = workspaceFile('hparams.json');
    await openInEditor(config);
    const before = await read(workspaceFile('hparams.rung.yaml'));
    // No uri: the palette runs it on the active editor.
    assert.equal(await vscode.commands.executeCommand('rung.tuneConfig', undefined, { keys: ['epochs'], command: 'python train.py', overwrite: true }), undefined);
    assert.equal(await vscode.commands.executeCommand('rung.tuneConfig', undefined, { keys: ['model.width'], command: 'python train.py {config}', overwrite: true }), undefined);
    assert.equal(await read(workspaceFile('hparams.rung.yaml')), before);
  });
});
