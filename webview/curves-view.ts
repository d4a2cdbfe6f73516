/**
 * The learning-curves tab: every trial's metric against the resource (one
 * dataset with gaps between trials: thousands of datasets would be slow),
 * the best trials in colour, rung boundaries, promoted and stopped markers;
 * then the best value so far against wall time and against compute.
 */
import type { ChartData, CurveSeries, ObjectiveInfo } from '../src/protocol/messages';
import { baseOptions, canvasIn, Chart, verticalLines } from './chart-setup';
import { num, wrap } from './format';
import type { Palette } from './theme';

type Pt = { x: number; y: number };
/** Curves drawn in colour: the best trials by their last value. */
const HIGHLIGHT = 10;

export class CurvesView {
  private readonly curves: Chart<'line', Pt[]>;
  private readonly wall: Chart<'line', Pt[]>;
  private readonly compute: Chart<'line', Pt[]>;
  private readonly caption: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private rungs: readonly number[] = [];
  private palette: Palette | undefined;
  /** Which trial each drawn point belongs to, per dataset, for the tooltip. */
  private owners: CurveSeries[][] = [[], [], [], []];

  constructor(parent: HTMLElement) {
    this.canvas = canvasIn(parent, 'curves-canvas', 'Learning curves: metric against resource for each trial');
    this.caption = document.createElement('p');
    this.caption.className = 'caption';
    parent.append(this.caption);
    const row = document.createElement('div');
    row.className = 'row';
    parent.append(row);
    const left = document.createElement('div');
    const right = document.createElement('div');
    row.append(left, right);
    const options = baseOptions('resource', 'metric');
    this.curves = new Chart(this.canvas, {
      type: 'line',
      data: { datasets: [
        { label: 'trials', data: [], pointRadius: 0, borderWidth: 1, spanGaps: false },
        { label: `best ${HIGHLIGHT}`, data: [], pointRadius: 0, borderWidth: 2, spanGaps: false },
        { label: 'promoted', data: [], showLine: false, pointStyle: 'triangle', pointRadius: 5 },
        { label: 'stopped early', data: [], showLine: false, pointStyle: 'crossRot', pointRadius: 5, borderWidth: 2 },
      ] },
      options: {
        ...options,
        interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
        plugins: {
          ...options.plugins,
          tooltip: {
            callbacks: {
              title: (items) => {
                const item = items[0];
                const c = item && this.owners[item.datasetIndex]?.[item.dataIndex];
                return c ? `${c.trial} (${c.state})` : '';
              },
              label: (item) => {
                const c = this.owners[item.datasetIndex]?.[item.dataIndex];
                return c ? [`${num(item.parsed.y ?? NaN)} at ${num(item.parsed.x ?? NaN)}`, ...wrap(c.config)] : '';
              },
            },
          },
        },
      },
      plugins: [verticalLines(() => this.rungs, () => this.palette?.muted ?? 'gray')],
    });
    const small = (parent: HTMLElement, id: string, x: string, label: string) => new Chart<'line', Pt[]>(canvasIn(parent, id, label, true), {
      type: 'line',
      data: { datasets: [{ label: 'best so far', data: [], stepped: 'before', pointRadius: 0, borderWidth: 2 }] },
      options: { ...baseOptions(x, 'best so far'), plugins: { legend: { display: false } } },
    });
    this.wall = small(left, 'best-wall-canvas', 'wall time (hours)', 'Best value so far against wall time');
    this.compute = small(right, 'best-compute-canvas', 'GPU hours', 'Best value so far against GPU hours');
  }

  update(data: ChartData, curves: ReadonlyMap<string, CurveSeries>, palette: Palette): void {
    this.palette = palette;
    const c = data.curves;
    this.rungs = c?.rungs ?? [];
    const metric = c?.metric;
    const all = [...curves.values()];
    const best = metric ? bestTrials(all, metric) : new Set<string>();
    const grey: Pt[] = [];
    const bright: Pt[] = [];
    const promoted: Pt[] = [];
    const stopped: Pt[] = [];
    this.owners = [[], [], [], []];
    for (const s of all) {
      const highlighted = best.has(s.trial);
      const target = highlighted ? bright : grey;
      const owners = this.owners[highlighted ? 1 : 0] as CurveSeries[];
      for (const [x, y] of s.points) {
        target.push({ x, y });
        owners.push(s);
      }
      // A gap, so the next trial's curve does not join this one.
      target.push({ x: NaN, y: NaN });
      owners.push(s);
      for (const r of s.promoted) {
        const at = s.points.find(([x]) => Math.abs(x - r) < 1e-9);
        if (at) {
          promoted.push({ x: at[0], y: at[1] });
          this.owners[2]?.push(s);
        }
      }
      const last = s.points[s.points.length - 1];
      if (s.stoppedAt !== undefined && last) {
        stopped.push({ x: last[0], y: last[1] });
        this.owners[3]?.push(s);
      }
    }
    const sets = this.curves.data.datasets;
    const style = [palette.curve, palette.accent, palette.promoted, palette.stopped];
    [grey, bright, promoted, stopped].forEach((d, i) => {
      const set = sets[i];
      if (!set) return;
      set.data = d;
      set.borderColor = style[i];
      set.backgroundColor = style[i];
      set.pointBorderColor = style[i];
      set.pointBackgroundColor = style[i];
    });
    const scales = this.curves.options.scales;
    if (scales?.x?.title && scales.y?.title && c) {
      scales.x.title.text = `${c.resource}${c.rungs.length > 0 ? ' (dashed: rung boundaries)' : ''}`;
      scales.y.title.text = `${c.metric.name} (${c.metric.mode === 'max' ? 'higher' : 'lower'} is better)`;
    }
    this.curves.update();
    this.canvas.dataset.curves = String(all.length);
    this.caption.textContent = c
      ? `${all.length} trials; the ${Math.min(HIGHLIGHT, best.size)} best by their last ${c.metric.name} in colour; ▲ promoted at a rung, ✕ stopped early.`
      : 'The study names no objective: there is no metric to draw.';

    const p = data.progress;
    this.setSeries(this.wall, (p?.wall ?? []).map(([x, y]) => ({ x: x / 3600, y })), palette, `best ${p?.metric.name ?? ''} so far`);
    this.setSeries(this.compute, (p?.compute ?? []).map(([x, y]) => ({ x, y })), palette, `best ${p?.metric.name ?? ''} so far`, p?.computeUnit);
  }

  private setSeries(chart: Chart<'line', Pt[]>, data: Pt[], palette: Palette, yTitle: string, xTitle?: string): void {
    const set = chart.data.datasets[0];
    if (set) {
      set.data = data;
      set.borderColor = palette.accent;
      set.backgroundColor = palette.accent;
    }
    const scales = chart.options.scales;
    if (scales?.y?.title) scales.y.title.text = yTitle;
    if (xTitle && scales?.x?.title) scales.x.title.text = xTitle;
    chart.update();
  }
}

function bestTrials(curves: readonly CurveSeries[], metric: ObjectiveInfo): Set<string> {
  const last = (s: CurveSeries) => (s.points[s.points.length - 1] as readonly number[])[1] as number;
  const sorted = [...curves].sort((a, b) => (metric.mode === 'max' ? last(b) - last(a) : last(a) - last(b)));
  return new Set(sorted.slice(0, HIGHLIGHT).map((s) => s.trial));
}
