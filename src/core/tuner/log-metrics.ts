/**
 * Metrics from a trial's log, read incrementally: `rung: {...}` JSON lines and
 * objective patterns. One parser per launch; it sees only new text, so a
 * flooding trial costs what it prints once, never again.
 */

export interface ObjectivePattern {
  readonly name: string;
  readonly regex: RegExp;
}

export interface ParsedMetric {
  readonly resource: number;
  readonly values: Record<string, number>;
  readonly converged: boolean;
}

/** Lines longer than this are progress bars or binary junk, not metrics. */
const MAX_LINE = 64 * 1024;
const RUNG_LINE = /^\s*rung:\s*(\{.*\})\s*$/;

export class LogMetricParser {
  private partial = '';
  private jsonLines = 0;
  private readonly matches = new Map<string, number>();
  /** Problems worth telling the user (bad JSON after `rung:`), the first few only; the reader may empty it. */
  readonly warnings: string[] = [];
  private warned = 0;

  constructor(private readonly patterns: readonly ObjectivePattern[], private readonly fromResource: number) {}

  /** Feeds new log text; returns the metrics its complete lines hold. */
  feed(text: string): ParsedMetric[] {
    const chunk = this.partial + text;
    const lines = chunk.split(/\r?\n|\r/);
    this.partial = lines.pop() ?? '';
    if (this.partial.length > MAX_LINE) this.partial = '';
    return lines.flatMap((line) => (line.length > MAX_LINE ? [] : this.line(line)));
  }

  /** Flushes a last line without a newline (at exit). */
  end(): ParsedMetric[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? this.line(rest) : [];
  }

  private line(line: string): ParsedMetric[] {
    const out: ParsedMetric[] = [];
    const json = RUNG_LINE.exec(line);
    if (json) {
      const metric = this.rungLine(json[1] as string);
      if (metric) out.push(metric);
    }
    for (const p of this.patterns) {
      p.regex.lastIndex = 0;
      const flags = p.regex.flags.includes('g') ? p.regex.flags : p.regex.flags + 'g';
      for (const m of line.matchAll(new RegExp(p.regex.source, flags))) {
        const value = Number(m[1] ?? m.groups?.['value']);
        if (!Number.isFinite(value) && !/nan|inf/i.test(String(m[1]))) continue;
        const n = (this.matches.get(p.name) ?? 0) + 1;
        this.matches.set(p.name, n);
        const named = m.groups?.['resource'];
        const resource = named !== undefined && Number.isFinite(Number(named)) ? Number(named) : this.fromResource + n;
        out.push({ resource, values: { [p.name]: value }, converged: false });
      }
    }
    return out;
  }

  private rungLine(body: string): ParsedMetric | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = parseNonFinite(body);
    }
    if (parsed === undefined) {
      if (this.warned++ < 5) this.warnings.push(`ignored a 'rung:' line that is not JSON: ${body.slice(0, 120)}`);
      return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    this.jsonLines++;
    const values: Record<string, number> = {};
    let resource = this.fromResource + this.jsonLines;
    let converged = false;
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (k === 'resource' && typeof v === 'number' && Number.isFinite(v)) resource = v;
      else if (k === 'converged') converged = v === true;
      else if (typeof v === 'number') values[k] = v;
      else if (typeof v === 'string' && Object.hasOwn(NON_FINITE, v)) values[k] = NON_FINITE[v] as number;
    }
    return { resource, values, converged };
  }
}

const NON_FINITE: Readonly<Record<string, number>> = { nan: NaN, NaN: NaN, inf: Infinity, Infinity: Infinity, '-inf': -Infinity, '-Infinity': -Infinity };

/**
 * Python's json.dumps writes a diverged float as a bare NaN or Infinity, which
 * is not JSON: quoting those tokens keeps the line, so the loop sees the
 * divergence instead of a trial that stopped reporting.
 */
function parseNonFinite(body: string): unknown {
  const quoted = body.replace(/([:[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '$1"$2"');
  if (quoted === body) return undefined;
  try {
    return JSON.parse(quoted);
  } catch {
    return undefined;
  }
}
