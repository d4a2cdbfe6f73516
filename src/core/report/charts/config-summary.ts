/** A config as one short line for hovers: `lr=0.001 layers=4`. */
import type { Config } from '../../space/config';

export function configSummary(config: Config): string {
  return Object.entries(config).map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`).join(' ');
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}
