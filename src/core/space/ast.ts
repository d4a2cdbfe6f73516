/** Small read helpers over the YAML AST, shared by the model builder and the rules. */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { deref, keyName, pairsOf } from './parse';
import type { Scalar } from './model';

/** The value node at a path of mapping keys, following one alias per step. */
export function nodeAt(doc: Document | undefined, path: readonly string[]): Node | undefined {
  if (!doc) return undefined;
  let node: Node | undefined = deref(doc, doc.contents);
  for (const key of path) {
    const pair = pairsOf(node).find((p) => keyName(p) === key);
    if (!pair) return undefined;
    node = deref(doc, pair.value);
  }
  return node;
}

export function scalarValue(node: Node | undefined): Scalar | null | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

export const asString = (node: Node | undefined): string | undefined => {
  const v = scalarValue(node);
  return typeof v === 'string' ? v : undefined;
};

export const asNumber = (node: Node | undefined): number | undefined => {
  const v = scalarValue(node);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

export const asInteger = (node: Node | undefined): number | undefined => {
  const v = asNumber(node);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
};

export const asBoolean = (node: Node | undefined): boolean | undefined => {
  const v = scalarValue(node);
  return typeof v === 'boolean' ? v : undefined;
};

/** Items of a sequence, each dereferenced once. */
export function seqItems(doc: Document, node: Node | undefined): (Node | undefined)[] {
  return isSeq(node) ? node.items.map((i) => deref(doc, i)) : [];
}

export function kindOf(node: Node | undefined): 'map' | 'list' | 'string' | 'integer' | 'number' | 'boolean' | 'null' | 'unknown' {
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'list';
  const v = scalarValue(node);
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return 'unknown';
}

/** The value of `key` in a mapping node, dereferenced once. */
export function fieldOf(doc: Document, node: Node | undefined, key: string): Node | undefined {
  const pair = pairsOf(node).find((p) => keyName(p) === key);
  return pair ? deref(doc, pair.value) : undefined;
}
