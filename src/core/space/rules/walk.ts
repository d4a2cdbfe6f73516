/** A walk over the study's mappings, paired with what keys.ts says of each key. */
import { isMap, isSeq, type Document, type Node, type Pair } from 'yaml';
import { specAt, type KeySpec } from '../keys';
import { deref, keyName, pairsOf } from '../parse';

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
}

/** Visits every key whose parent is known; never descends into unknown keys. */
export function walkKnownKeys(doc: Document, visit: (v: KeyVisit) => void): void {
  const root = specAt([]) as KeySpec;
  const stack: { node: Node | undefined; spec: KeySpec; path: string[] }[] = [{ node: deref(doc, doc.contents), spec: root, path: [] }];
  while (stack.length > 0) {
    const { node, spec, path } = stack.pop() as (typeof stack)[number];
    if (isMap(node)) {
      for (const pair of pairsOf(node)) {
        const name = keyName(pair);
        const child = name === undefined ? undefined : (spec.keys?.[name] ?? spec.named);
        const value = deref(doc, pair.value);
        visit({ pair, name, path, parent: spec, spec: child, value });
        if (child && name !== undefined) stack.push({ node: value, spec: child, path: [...path, name] });
      }
    } else if (isSeq(node) && spec.items) {
      node.items.forEach((item, i) => stack.push({ node: deref(doc, item), spec: spec.items as KeySpec, path: [...path, String(i)] }));
    }
  }
}

/** True for a key inside a parameter's mapping (`space.<name>.<key>`). */
export const inParameter = (path: readonly string[]): boolean => path.length === 2 && path[0] === 'space';
