/** Budget units: durations such as `90s`, `30 min`, `48h`, `2d`; a bare number is seconds. */

const SECONDS: Readonly<Record<string, number>> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: 60, min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86400, day: 86400, days: 86400,
};

export const DURATION_UNITS = Object.keys(SECONDS);

export type DurationResult = { seconds: number } | { problem: string };

export function parseDuration(value: string | number): DurationResult {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? { seconds: value } : { problem: 'a duration must be a positive number of seconds or a number with a unit' };
  }
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]*)\s*$/.exec(value);
  if (!m) return { problem: `'${value}' is not a duration; write a number and a unit, e.g. 90s, 30m, 48h or 2d` };
  const amount = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  if (unit === '') return amount > 0 ? { seconds: amount } : { problem: 'a duration must be positive' };
  const factor = SECONDS[unit];
  if (factor === undefined) return { problem: `unknown unit '${m[2]}'; use s, m, h or d (e.g. ${amount * (unit.startsWith('w') ? 7 : 1)}${unit.startsWith('w') ? 'd' : 'h'})` };
  if (amount <= 0) return { problem: 'a duration must be positive' };
  return { seconds: amount * factor };
}

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1).replace(/\.0$/, '')}h`;
  return `${(seconds / 86400).toFixed(1).replace(/\.0$/, '')}d`;
}
