/**
 * Chart colours from the theme's CSS variables (VS Code sets them on the
 * page), read again whenever the theme changes, so light, dark and high
 * contrast themes all work without a palette of our own.
 */
export interface Palette {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly accent: string;
  readonly front: string;
  readonly dominated: string;
  readonly promoted: string;
  readonly stopped: string;
  readonly curve: string;
  readonly second: string;
  readonly background: string;
  readonly highContrast: boolean;
  readonly font: string;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** `color` with alpha, whatever CSS colour syntax the theme used (the canvas resolves it). */
export function withAlpha(color: string, alpha: number): string {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return color;
  ctx.fillStyle = color;
  const resolved = ctx.fillStyle;
  if (resolved.startsWith('#') && resolved.length === 7) {
    const n = parseInt(resolved.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return resolved.replace(/rgba?\(([^)]+)\)/, (_m, inner: string) => `rgba(${inner.split(',').slice(0, 3).join(',')}, ${alpha})`);
}

export function readPalette(): Palette {
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const foreground = cssVar('--vscode-foreground', '#cccccc');
  const blue = cssVar('--vscode-charts-blue', '#3794ff');
  return {
    foreground,
    muted: cssVar('--vscode-descriptionForeground', foreground),
    grid: highContrast ? withAlpha(foreground, 0.5) : withAlpha(cssVar('--vscode-charts-lines', foreground), 0.25),
    accent: blue,
    front: cssVar('--vscode-charts-orange', '#d18616'),
    dominated: withAlpha(blue, highContrast ? 0.8 : 0.35),
    promoted: cssVar('--vscode-charts-green', '#89d185'),
    stopped: cssVar('--vscode-charts-red', '#f14c4c'),
    // Thousands of curves overlap: each is faint so density shows; high contrast keeps them solid.
    curve: withAlpha(foreground, highContrast ? 0.6 : 0.18),
    second: cssVar('--vscode-charts-purple', '#b180d7'),
    background: cssVar('--vscode-editor-background', '#1e1e1e'),
    highContrast,
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

/** Calls `onChange` when VS Code switches theme (it changes the body's classes and variables). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
}
