/** The energy tab: kWh and kg CO2e per trial (bars) and cumulative, with the assumptions behind them. */
import type { ChartData } from '../src/protocol/messages';
import { baseOptions, canvasIn, Chart } from './chart-setup';
import { num } from './format';
import type { Palette } from './theme';

type Pt = { x: number; y: number };

export class EnergyView {
  private readonly facts: HTMLElement;
  private readonly bars: Chart<'bar', number[], string>;
  private readonly cumulative: Chart<'line', Pt[]>;
  private readonly caption: HTMLElement;

  constructor(parent: HTMLElement) {
    this.facts = document.createElement('div');
    this.facts.className = 'facts';
    this.facts.id = 'energy-facts';
    parent.append(this.facts);
    this.bars = new Chart<'bar', number[], string>(canvasIn(parent, 'energy-bars-canvas', 'Energy and CO2e per trial'), {
      type: 'bar',
      data: { labels: [], datasets: [
        { label: 'kWh', data: [], yAxisID: 'y' },
        { label: 'kg CO2e', data: [], yAxisID: 'y2' },
      ] },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: true, position: 'bottom', labels: { boxWidth: 12 } } },
        scales: {
          x: { type: 'category', title: { display: true, text: 'trial' }, ticks: { autoSkip: true, maxRotation: 60 } },
          y: { type: 'linear', position: 'left', title: { display: true, text: 'kWh' } },
          y2: { type: 'linear', position: 'right', title: { display: true, text: 'kg CO2e' }, grid: { drawOnChartArea: false } },
        },
      },
    });
    const lineOptions = baseOptions('wall time (hours)', 'kWh');
    this.cumulative = new Chart(canvasIn(parent, 'energy-cumulative-canvas', 'Cumulative energy and CO2e over time', true), {
      type: 'line',
      data: { datasets: [
        { label: 'kWh (cumulative)', data: [], pointRadius: 0, borderWidth: 2, yAxisID: 'y' },
        { label: 'kg CO2e (cumulative)', data: [], pointRadius: 0, borderWidth: 2, borderDash: [6, 3], yAxisID: 'y2' },
      ] },
      options: {
        ...lineOptions,
        scales: { ...lineOptions.scales, y2: { type: 'linear', position: 'right', title: { display: true, text: 'kg CO2e' }, grid: { drawOnChartArea: false } } },
      },
    });
    this.caption = document.createElement('p');
    this.caption.className = 'caption';
    parent.append(this.caption);
  }

  update(data: ChartData, palette: Palette): void {
    const e = data.energy;
    const fact = (label: string, value: string) => {
      const span = document.createElement('span');
      const b = document.createElement('b');
      b.textContent = value;
      span.append(`${label} `, b);
      return span;
    };
    this.facts.replaceChildren(
      fact('Energy', `${num(e.totalKwh)} kWh`),
      fact('CO2e', `${num(e.totalCo2eKg)} kg`),
      fact('PUE', num(e.pue)),
      fact('Grid intensity', `${num(e.intensity)} g CO2e/kWh`),
      fact('Saved by early stopping', e.saved ? `${num(e.saved.kwh)} kWh, ${num(e.saved.co2eKg)} kg CO2e (${e.saved.trials} trials)` : 'nothing stopped early yet'),
    );
    const [kwh, co2] = this.bars.data.datasets;
    this.bars.data.labels = e.bars.map((b) => b.label);
    if (kwh && co2) {
      kwh.data = e.bars.map((b) => b.kwh);
      co2.data = e.bars.map((b) => b.co2eKg);
      kwh.backgroundColor = palette.accent;
      co2.backgroundColor = palette.second;
    }
    const xTitle = this.bars.options.scales?.x?.title;
    if (xTitle) xTitle.text = e.perBar > 1 ? `trials, ${e.perBar} per bar (creation order)` : 'trial';
    this.bars.update();
    const [ck, cc] = this.cumulative.data.datasets;
    if (ck && cc) {
      ck.data = e.cumulativeKwh.map(([x, y]) => ({ x: x / 3600, y }));
      cc.data = e.cumulativeCo2eKg.map(([x, y]) => ({ x: x / 3600, y }));
      ck.borderColor = palette.accent;
      cc.borderColor = palette.second;
    }
    this.cumulative.update();
    const saved = e.saved ? ' Savings: what trials stopped early would have used to reach the largest rung at the pace they kept; an estimate.' : '';
    this.caption.textContent = `${e.measured ? 'Measured power draw.' : 'Not measured:'} ${e.assumption}.${saved}`;
  }
}
