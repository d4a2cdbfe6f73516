/**
 * Completion, hover, quick-fix and outline providers, exercised through VS Code's own provider
 * commands. Not in the default suite list (see index.ts): run with RUNG_E2E_SUITES=language-features.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { editorDiagnostics, waitFor, workspaceFile } from './workspace';

// Half-typed, as when completion is asked for: an empty top-level line and an open flow map.
const TYPING = `version: 1
name: typing
command: python train.py --lr {lr} --layers {layers}

space:
  lr: {
  layers: {choice: [1, 2, 4]}
`;

// Valid YAML with one misspelt key, so the semantic checks (and their quick fixes) run.
const TYPO = `version: 1
name: typo
command: python train.py --lr {lr}
space:
  lr: {loguniform: [1.0e-4, 1.0e-2]}
objectives:
  loss: {mode: min}
schedular:
  type: asha
`;

async function openStudy(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

const lineOf = (document: vscode.TextDocument, prefix: string): number => {
  for (let i = 0; i < document.lineCount; i++) if (document.lineAt(i).text.startsWith(prefix)) return i;
  throw new Error(`no line starting with ${JSON.stringify(prefix)}`);
};

async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

suite('language features', () => {
  test('completion at the start of an empty top-level line offers top-level keys', async () => {
    const document = await openStudy('typing.rung.yaml', TYPING);
    const labels = await completionLabels(document.uri, new vscode.Position(lineOf(document, 'command:') + 1, 0));
    for (const key of ['scheduler', 'objectives']) assert.ok(labels.includes(key), `${key} not offered; got ${labels.join(', ')}`);
  });

  test('completion inside a parameter\'s braces offers distributions', async () => {
    const document = await openStudy('typing.rung.yaml', TYPING);
    const line = lineOf(document, '  lr: {');
    const labels = await completionLabels(document.uri, new vscode.Position(line, document.lineAt(line).text.length));
    assert.ok(labels.includes('loguniform'), `loguniform not offered; got ${labels.join(', ')}`);
  });

  test('hover on the scheduler key explains rungs', async () => {
    const uri = workspaceFile('rung.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(lineOf(document, 'scheduler:'), 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /rung/i);
  });

  test('an unknown key has the quick fix "Replace with \'scheduler\'"', async () => {
    const document = await openStudy('typo.rung.yaml', TYPO);
    const diagnostic = await waitFor('the unknown-key diagnostic', () => editorDiagnostics(document.uri).find((d) => d.code === 'unknown-key'));
    const range = new vscode.Range(diagnostic.line - 1, diagnostic.column - 1, diagnostic.endLine - 1, diagnostic.endColumn - 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range);
    assert.ok(actions.some((a) => a.title === "Replace with 'scheduler'"), `got ${actions.map((a) => a.title).join(', ')}`);
  });

  test('the outline lists space with the parameter names as children', async () => {
    const uri = workspaceFile('rung.yaml');
    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', uri)) ?? [];
    const space = symbols.find((s) => s.name === 'space');
    assert.ok(space, `no space symbol; got ${symbols.map((s) => s.name).join(', ')}`);
    assert.deepEqual(space.children.map((c) => c.name), ['lr', 'layers']);
  });
});
