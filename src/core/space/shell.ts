/**
 * POSIX shell quoting. Every substituted value goes through here, so a value
 * such as `$(rm -rf ~)` or one holding quotes or newlines stays one literal word.
 */

/** Words made only of these need no quotes in sh, bash or zsh. A leading '=' is quoted because zsh expands `=cmd`. */
const SAFE = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

export class ShellValueError extends Error {}

export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new ShellValueError(`a value holds a NUL character, which no command line can carry; remove it from ${JSON.stringify(value.replace(/\0/g, '\\0'))}.`);
  if (value !== '' && SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * How a parameter value is written on a command line. Numbers use their
 * shortest exact form, which Python's float() and int() read back to the same
 * value (`1e-7` for 0.0000001), with two exceptions:
 * - integers of 1e21 and above are written in full, since int('1e+21') fails;
 * - negative numbers are never in exponent form: argparse (before Python 3.13)
 *   takes `-1e-07` for an option and fails with "expected one argument", while
 *   `-0.0000001` is read as a negative number.
 */
export function formatValue(value: string | number | boolean): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) >= 1e21) return BigInt(value).toString();
  const text = String(value);
  return value < 0 && text.includes('e') ? positional(text) : text;
}

/** Rewrites an exponent form such as -1.5e-7 with the same digits and no exponent (-0.00000015). */
function positional(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([-+]\d+)$/.exec(text);
  if (!m) return text;
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
