/** Chart.js with only the parts the panel uses, and options every chart shares. */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip, type ChartOptions, type Plugin } from 'chart.js';
import type { Palette } from './theme';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip);

export { Chart };

/** Applies the theme to Chart.js's defaults; charts built or updated afterwards follow it. */
export function applyPalette(p: Palette): void {
  Chart.defaults.color = p.foreground;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.font.family = p.font;
}

/**
 * No animation: with thousands of points and live updates it only costs time.
 * Data is parsed (not `parsing: false`): Chart.js then assumes sorted data and
 * would clip unsorted scatters and the gap-separated curves.
 */
export function baseOptions(xTitle: string, yTitle: string): ChartOptions<'line'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { display: true, position: 'bottom', labels: { boxWidth: 12 } }, tooltip: { enabled: true } },
    scales: {
      x: { type: 'linear', title: { display: true, text: xTitle } },
      y: { type: 'linear', title: { display: true, text: yTitle } },
    },
  };
}

/** Dashed vertical lines at the given x values (rung boundaries), drawn under the data. */
export function verticalLines(values: () => readonly number[], color: () => string): Plugin<'line'> {
  return {
    id: 'rungLines',
    beforeDatasetsDraw(chart) {
      const x = chart.scales.x;
      const { top, bottom } = chart.chartArea;
      if (!x) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = color();
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      for (const v of values()) {
        const px = x.getPixelForValue(v);
        if (px < chart.chartArea.left || px > chart.chartArea.right) continue;
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };
}

export function canvasIn(parent: HTMLElement, id: string, label: string, small = false): HTMLCanvasElement {
  const box = document.createElement('div');
  box.className = small ? 'chart small' : 'chart';
  const canvas = document.createElement('canvas');
  canvas.id = id;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  box.append(canvas);
  parent.append(box);
  return canvas;
}
