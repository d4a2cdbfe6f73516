import { asNumber, fieldOf, nodeAt } from '../ast';
import { warning, type Diagnostic } from '../diagnostic';
import { nodeSpan } from '../parse';
import type { Rule } from './rule';

/** Plausibility of energy settings; out of range is a warning, since the user may know better. */
export const energyRange: Rule = ({ doc }) => {
  const energy = nodeAt(doc, ['energy']);
  const out: Diagnostic[] = [];
  const check = (key: string, lo: number, hi: number, why: string) => {
    const node = fieldOf(doc, energy, key);
    const v = asNumber(node);
    if (v !== undefined && (v < lo || v > hi)) out.push(warning('energy-range', nodeSpan(node), `${key} ${v} is outside ${lo}..${hi}: ${why}`));
  };
  check('pue', 1, 3, 'PUE is total facility power over IT power, so it is at least 1.0 and rarely above 2 (1.58 is a typical average).');
  check('carbon_intensity', 0, 2000, 'grid intensity is given in g CO2e per kWh; the dirtiest grids are around 1000 (432 is the US average used by Strubell et al.).');
  for (const k of ['cpu_watts', 'ram_watts', 'gpu_watts']) check(k, 0, 2000, 'a watt figure per trial (or per GPU) is between 0 and a few hundred.');
  return out;
};
