/** `command` templates: finding `{placeholders}` and rendering them with quoted values. */
import { shellQuote, formatValue } from './shell';
import type { Scalar } from './model';

export interface PlaceholderRef {
  readonly name: string;
  /** Offsets of `{name}` within the template string. */
  readonly start: number;
  readonly end: number;
}

export interface StrayBrace {
  readonly offset: number;
  readonly brace: '{' | '}';
}

export interface TemplateScan {
  readonly placeholders: readonly PlaceholderRef[];
  readonly strays: readonly StrayBrace[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*/;

export function scanTemplate(template: string): TemplateScan {
  const placeholders: PlaceholderRef[] = [];
  const strays: StrayBrace[] = [];
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '{') {
      if (template[i + 1] === '{') { i++; continue; }
      const m = NAME.exec(template.slice(i + 1));
      if (m && template[i + 1 + m[0].length] === '}') {
        placeholders.push({ name: m[0], start: i, end: i + m[0].length + 2 });
        i += m[0].length + 1;
        continue;
      }
      strays.push({ offset: i, brace: '{' });
    } else if (c === '}') {
      if (template[i + 1] === '}') { i++; continue; }
      strays.push({ offset: i, brace: '}' });
    }
  }
  return { placeholders, strays };
}

export class UndefinedPlaceholderError extends Error {
  constructor(readonly placeholder: string) {
    super(`the command uses {${placeholder}}, which has no value for this trial`);
  }
}

/**
 * Renders a command. Values are shell-quoted; an absent value (an inactive
 * conditional parameter) renders as an empty quoted word only if `allowMissing`.
 */
export function renderCommand(template: string, values: Readonly<Record<string, Scalar | undefined>>, allowMissing = false): string {
  let out = '';
  let last = 0;
  const { placeholders } = scanTemplate(template);
  for (const p of placeholders) {
    out += unescapeBraces(template.slice(last, p.start));
    const v = values[p.name];
    if (v === undefined && !allowMissing) throw new UndefinedPlaceholderError(p.name);
    out += shellQuote(v === undefined ? '' : formatValue(v));
    last = p.end;
  }
  return out + unescapeBraces(template.slice(last));
}

function unescapeBraces(s: string): string {
  return s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}
