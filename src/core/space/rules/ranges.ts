/** Shared lookup of a numeric range parameter's [lo, hi] nodes, for the bounds, log and step rules. */
import { isSeq, type Document, type Node } from 'yaml';
import { asNumber, fieldOf, nodeAt, seqItems } from '../ast';
import { distributionKeysOf } from '../build';
import { deref, keyName, pairsOf } from '../parse';

export interface RangeParam {
  readonly name: string;
  readonly kind: 'uniform' | 'loguniform' | 'int';
  readonly low: number;
  readonly high: number;
  readonly lowNode: Node;
  readonly highNode: Node;
  readonly args: Node;
  readonly value: Node;
}

export function rangeParams(doc: Document): RangeParam[] {
  const out: RangeParam[] = [];
  for (const pair of pairsOf(nodeAt(doc, ['space']))) {
    const name = keyName(pair);
    const value = deref(doc, pair.value);
    const kinds = distributionKeysOf(value);
    const kind = kinds[0];
    if (name === undefined || !value || kinds.length !== 1 || (kind !== 'uniform' && kind !== 'loguniform' && kind !== 'int')) continue;
    const args = fieldOf(doc, value, kind);
    if (!isSeq(args)) continue;
    const items = seqItems(doc, args);
    const low = asNumber(items[0]);
    const high = asNumber(items[1]);
    if (items.length !== 2 || low === undefined || high === undefined) continue;
    out.push({ name, kind, low, high, lowNode: items[0] as Node, highNode: items[1] as Node, args, value });
  }
  return out;
}
