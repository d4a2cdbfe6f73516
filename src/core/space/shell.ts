/**
 * POSIX shell quoting. Every substituted value goes through here, so a value
 * such as `$(rm -rf ~)` or one holding quotes or newlines stays one literal word.
 */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(value: string): string {
  if (value !== '' && SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** How a parameter value is written on a command line: numbers in their shortest exact form. */
export function formatValue(value: string | number | boolean): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  return String(value);
}
