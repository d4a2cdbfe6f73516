/** The Pareto tab: a scatter of two objectives with the front highlighted, and hypervolume over time. */
import type { ChartData, ParetoPoint } from '../src/protocol/messages';
import { baseOptions, canvasIn, Chart } from './chart-setup';
import { duration, num, wrap } from './format';
import type { Palette } from './theme';

type Pt = { x: number; y: number };

export class ParetoView {
  private readonly scatter: Chart<'line', Pt[]>;
  private readonly hv: Chart<'line', Pt[]>;
  private readonly caption: HTMLElement;
  private readonly hvCaption: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  /** The front as buttons: the canvas is opaque to keyboards and screen readers. */
  private readonly list: HTMLElement;
  private front: ParetoPoint[] = [];
  private dominated: ParetoPoint[] = [];

  constructor(parent: HTMLElement, private readonly onPick: (trial: string) => void) {
    this.canvas = canvasIn(parent, 'pareto-canvas', 'Pareto front of two objectives');
    this.caption = document.createElement('p');
    this.caption.className = 'caption';
    this.caption.id = 'pareto-caption';
    this.caption.setAttribute('aria-live', 'polite');
    this.list = document.createElement('div');
    this.list.className = 'chips';
    this.list.id = 'pareto-front-list';
    this.list.setAttribute('role', 'list');
    this.list.setAttribute('aria-label', 'Trials on the Pareto front');
    parent.append(this.caption, this.list);
    const hvCanvas = canvasIn(parent, 'hypervolume-canvas', 'Hypervolume over time', true);
    this.hvCaption = document.createElement('p');
    this.hvCaption.className = 'caption';
    parent.append(this.hvCaption);

    const options = baseOptions('', '');
    this.scatter = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: [
        { label: 'Pareto front', data: [], showLine: true, stepped: false, pointRadius: 5, pointHoverRadius: 8, borderWidth: 1.5 },
        { label: 'dominated', data: [], showLine: false, pointRadius: 3, pointHoverRadius: 6 },
      ] },
      options: {
        ...options,
        interaction: { mode: 'nearest', intersect: true },
        onClick: (_event, elements) => {
          const hit = elements[0];
          const point = hit && (hit.datasetIndex === 0 ? this.front : this.dominated)[hit.index];
          if (point) this.onPick(point.trial);
        },
        onHover: (event, elements) => {
          const target = event.native?.target as HTMLElement | undefined;
          if (target) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
        },
        plugins: {
          ...options.plugins,
          tooltip: {
            callbacks: {
              title: (items) => {
                const item = items[0];
                const p = item && (item.datasetIndex === 0 ? this.front : this.dominated)[item.dataIndex];
                return p ? `${p.trial} (${p.state}, at ${num(p.resource)})${p.front ? ', on the front' : ''}` : '';
              },
              label: (item) => {
                const p = (item.datasetIndex === 0 ? this.front : this.dominated)[item.dataIndex];
                return p ? [`${this.xName} ${num(p.x)}, ${this.yName} ${num(p.y)}`, ...wrap(p.config)] : '';
              },
              footer: () => 'Click to reveal the trial and open its log',
            },
          },
        },
      },
    });
    this.hv = new Chart(hvCanvas, {
      type: 'line',
      data: { datasets: [{ label: 'hypervolume', data: [], stepped: 'before', pointRadius: 0, borderWidth: 2 }] },
      options: { ...baseOptions('wall time (hours)', 'hypervolume'), plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => duration((items[0]?.parsed.x ?? 0) * 3600) } } } },
    });
  }

  /** One button per front point (the first 50), each placed where its point is drawn so a click there and on it agree. */
  private listFront(): void {
    const meta = this.scatter.getDatasetMeta(0);
    this.list.replaceChildren(...this.front.slice(0, 50).map((p, i) => {
      const button = document.createElement('button');
      button.className = 'chip';
      button.setAttribute('role', 'listitem');
      button.textContent = p.trial;
      button.title = `${this.xName} ${num(p.x)}, ${this.yName} ${num(p.y)}: ${p.config}`;
      button.dataset.trial = p.trial;
      const element = meta.data[i];
      if (element) {
        button.dataset.px = element.x.toFixed(1);
        button.dataset.py = element.y.toFixed(1);
      }
      button.addEventListener('click', () => this.onPick(p.trial));
      return button;
    }));
  }

  private xName = '';
  private yName = '';

  update(data: ChartData, palette: Palette): void {
    const pareto = data.pareto;
    if (!pareto) {
      this.front = [];
      this.dominated = [];
      this.caption.textContent = data.objectives.length < 2 ? 'The study has fewer than two objectives: there is no Pareto front to show.' : 'No trial has reported both objectives yet.';
    } else {
      this.xName = pareto.x.name;
      this.yName = pareto.y.name;
      this.front = pareto.points.filter((p) => p.front).sort((a, b) => a.x - b.x);
      this.dominated = pareto.points.filter((p) => !p.front);
      const shown = pareto.points.length;
      const thinned = shown < pareto.total ? ` (${shown} shown: dominated points thinned, the front kept whole)` : '';
      this.caption.textContent = `${pareto.total} trials with both objectives, ${pareto.frontSize} on the front${thinned}. ${pareto.x.name} (${pareto.x.mode}) vs ${pareto.y.name} (${pareto.y.mode}); hover for the config, click a point to reveal its trial.`;
    }
    const [frontSet, dominatedSet] = this.scatter.data.datasets;
    if (frontSet && dominatedSet) {
      frontSet.data = this.front.map((p) => ({ x: p.x, y: p.y }));
      dominatedSet.data = this.dominated.map((p) => ({ x: p.x, y: p.y }));
      // Points take their own colour options; the dataset's colours only style the front's line.
      frontSet.borderColor = palette.front;
      frontSet.backgroundColor = palette.front;
      frontSet.pointBorderColor = palette.front;
      frontSet.pointBackgroundColor = palette.front;
      dominatedSet.borderColor = palette.dominated;
      dominatedSet.backgroundColor = palette.dominated;
      dominatedSet.pointBorderColor = palette.dominated;
      dominatedSet.pointBackgroundColor = palette.dominated;
    }
    const scales = this.scatter.options.scales;
    if (scales?.x?.title && scales.y?.title && pareto) {
      scales.x.title.text = `${pareto.x.name} (${pareto.x.mode === 'max' ? 'higher' : 'lower'} is better)`;
      scales.y.title.text = `${pareto.y.name} (${pareto.y.mode === 'max' ? 'higher' : 'lower'} is better)`;
    }
    this.scatter.update();
    this.canvas.dataset.points = String(this.front.length + this.dominated.length);
    this.canvas.dataset.front = String(this.front.length);
    this.listFront();

    const hvSet = this.hv.data.datasets[0];
    if (hvSet) {
      hvSet.data = (data.hypervolume?.series ?? []).map(([x, y]) => ({ x: x / 3600, y }));
      hvSet.borderColor = palette.accent;
      hvSet.backgroundColor = palette.accent;
    }
    this.hv.update();
    const hv = data.hypervolume;
    this.hvCaption.textContent = hv ? `Hypervolume of every result reported so far, against (${num(hv.reference[0])}, ${num(hv.reference[1])}); ${hv.referenceRule}.` : '';
  }
}
