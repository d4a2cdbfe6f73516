/**
 * The panel's page: the bundled script and nothing else, under a strict
 * Content Security Policy. Scripts and the one style block run only with
 * this page's nonce; no inline handlers, no remote content.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';

export function chartsHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = crypto.randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Rung charts</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div id="root" data-nonce="${nonce}"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** Colours come from the theme's variables, so light, dark and high-contrast themes need no code. */
const STYLE = `
body { padding: 0 12px 12px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
header { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; margin: 8px 0; }
header h1 { font-size: 1.2em; font-weight: 600; margin: 0; }
.muted { color: var(--vscode-descriptionForeground); }
.controls { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin: 8px 0; }
.controls label { display: flex; gap: 6px; align-items: center; }
.chart { position: relative; height: 46vh; min-height: 240px; }
.chart.small { height: 28vh; min-height: 180px; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.caption { margin: 4px 0 12px; color: var(--vscode-descriptionForeground); }
.problem { color: var(--vscode-errorForeground); margin: 8px 0; }
.facts { display: flex; gap: 24px; flex-wrap: wrap; margin: 8px 0; }
.facts b { font-weight: 600; }
.tooltip-config { white-space: normal; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 0 0 12px; }
.chip { font: inherit; font-size: 0.9em; padding: 1px 8px; border-radius: 10px; cursor: pointer; border: 1px solid var(--vscode-button-border, transparent); color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
.chip:hover { background: var(--vscode-button-secondaryHoverBackground); }
.chip:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
