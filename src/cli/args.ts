/** Strict flag parsing: unknown flags are errors, so a typo never silently changes what runs. */

export class UsageError extends Error {}

export interface FlagSpec {
  readonly [flag: string]: 'boolean' | 'string' | 'number';
}

export interface Parsed {
  readonly positional: string[];
  readonly flags: Record<string, string | number | boolean>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): Parsed {
  const positional: string[] = [];
  const flags: Record<string, string | number | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('-') || arg === '-') { positional.push(arg); continue; }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option ${name}`);
    if (kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`${name} takes a number, not '${value}'`);
      flags[name] = n;
    } else flags[name] = value;
  }
  return { positional, flags };
}
