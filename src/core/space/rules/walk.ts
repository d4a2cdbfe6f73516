/** A walk over the study's mappings, paired with what keys.ts says of each key. */
import { isMap, isSeq, type Document, type Node, type Pair } from 'yaml';
import { specAt, type KeySpec } from '../keys';
import type { Span } from '../diagnostic';
import { deref, keyName, nodeSpan, pairsOf } from '../parse';

export interface KeyVisit {
  readonly pair: Pair;
  /** Undefined for a non-string key. */
  readonly name: string | undefined;
  /** Path of the mapping that holds the pair (list indices as digits). */
  readonly path: readonly string[];
  readonly parent: KeySpec;
  /** Undefined when the key is unknown there. */
  readonly spec: KeySpec | undefined;
  readonly value: Node | undefined;
  /** Where the value is written: an alias, not the anchored node it stands for. */
  readonly valueSpan: Span | undefined;
}

export interface ItemVisit {
  readonly item: Node | undefined;
  /** Path of the item itself, its index last. */
  readonly path: readonly string[];
  readonly spec: KeySpec;
  /** Where the item is written: an alias, not the anchored node it stands for. */
  readonly span: Span;
}

/**
 * Visits every key whose parent is known, and every item of a list whose
 * items have a spec; never descends into unknown keys.
 */
export function walkKnownKeys(doc: Document, visit: (v: KeyVisit) => void, visitItem?: (v: ItemVisit) => void): void {
  const root = specAt([]) as KeySpec;
  const stack: { node: Node | undefined; spec: KeySpec; path: string[] }[] = [{ node: deref(doc, doc.contents), spec: root, path: [] }];
  while (stack.length > 0) {
    const { node, spec, path } = stack.pop() as (typeof stack)[number];
    if (isMap(node)) {
      for (const pair of pairsOf(node)) {
        const name = keyName(pair);
        const child = name === undefined ? undefined : (spec.keys?.[name] ?? spec.named);
        const value = deref(doc, pair.value);
        visit({ pair, name, path, parent: spec, spec: child, value, valueSpan: pair.value ? nodeSpan(pair.value as Node) : undefined });
        // A leaf spec (an env value, a mode) has no keys to check inside: wrong-type reports a mapping there once.
        const hasChildren = child && (child.keys || child.named || child.items);
        if (hasChildren && name !== undefined) stack.push({ node: value, spec: child, path: [...path, name] });
      }
    } else if (isSeq(node) && spec.items) {
      const items = spec.items;
      node.items.forEach((raw, i) => {
        const item = deref(doc, raw);
        const itemPath = [...path, String(i)];
        visitItem?.({ item, path: itemPath, spec: items, span: nodeSpan(raw as Node) });
        stack.push({ node: item, spec: items, path: itemPath });
      });
    }
  }
}

/** True for a key inside a parameter's mapping (`space.<name>.<key>`). */
export const inParameter = (path: readonly string[]): boolean => path.length === 2 && path[0] === 'space';
