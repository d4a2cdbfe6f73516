/** The document outline: top-level keys, with parameters, objectives, scheduler settings and hosts below them. */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Span } from '../diagnostic';
import type { Study } from '../model';
import { keyName, keySpan, nodeSpan, pairsOf, type ParsedFile } from '../parse';
import { describeDistribution } from './describe';

export type SymbolKind = 'section' | 'key' | 'parameter' | 'objective' | 'host';

export interface StudySymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  /** The whole entry, key and value. */
  readonly span: Span;
  /** The part to select and reveal: the key. */
  readonly selectionSpan: Span;
  readonly children: readonly StudySymbol[];
}

export function documentSymbols(file: ParsedFile, study: Study | undefined): StudySymbol[] {
  const root = file.doc?.contents;
  if (!isMap(root)) return [];
  return pairsOf(root).flatMap((pair) => {
    const name = keyName(pair);
    if (name === undefined) return [];
    const value = pair.value as Node | null;
    return [symbol(pair, name, detailOf(name, value), isMap(value) || isSeq(value) ? 'section' : 'key', childrenOf(name, value, study))];
  });
}

function symbol(pair: Pair, name: string, detail: string, kind: SymbolKind, children: StudySymbol[] = []): StudySymbol {
  const selectionSpan = keySpan(pair);
  const end = nodeSpan(pair.value as Node | null, selectionSpan).end;
  return { name, detail, kind, span: { start: selectionSpan.start, end: Math.max(end, selectionSpan.end) }, selectionSpan, children };
}

function detailOf(name: string, value: Node | null): string {
  if (isScalar(value)) return String(value.value ?? '');
  if (name === 'scheduler' && isMap(value)) {
    const type = pairsOf(value).find((p) => keyName(p) === 'type');
    return isScalar(type?.value) ? String(type.value.value) : '';
  }
  if (isMap(value)) return `${value.items.length} entries`;
  if (isSeq(value)) return `${value.items.length} items`;
  return '';
}

function childrenOf(section: string, value: Node | null, study: Study | undefined): StudySymbol[] {
  if (section === 'space') {
    return pairsOf(value).flatMap((pair) => {
      const name = keyName(pair);
      if (name === undefined) return [];
      const p = study?.parameters.find((q) => q.name === name);
      const when = p?.when ? `, when ${p.when.text}` : '';
      return [symbol(pair, name, p ? `${describeDistribution(p.distribution)}${when}` : '', 'parameter')];
    });
  }
  if (section === 'objectives') {
    return pairsOf(value).flatMap((pair) => {
      const name = keyName(pair);
      const o = study?.objectives.find((q) => q.name === name);
      return name === undefined ? [] : [symbol(pair, name, o ? `${o.mode}${o.builtin ? ' (built in)' : ''}` : '', 'objective')];
    });
  }
  if (section === 'hosts' && isSeq(value)) {
    return value.items.flatMap((item): StudySymbol[] => {
      const node = isMap(item) ? pairsOf(item).find((p) => keyName(p) === 'host')?.value : item;
      if (!isScalar(node) || typeof node.value !== 'string') return [];
      const span = nodeSpan(item as Node);
      return [{ name: node.value, detail: 'SSH host', kind: 'host', span, selectionSpan: nodeSpan(node), children: [] }];
    });
  }
  if (section === 'failures' && isSeq(value)) {
    return value.items.flatMap((item): StudySymbol[] => {
      const field = (k: string) => (isMap(item) ? pairsOf(item).find((p) => keyName(p) === k)?.value : undefined);
      const pattern = field('pattern');
      const action = field('action');
      if (!isScalar(pattern) || typeof pattern.value !== 'string') return [];
      return [{ name: pattern.value, detail: isScalar(action) ? String(action.value) : '', kind: 'key', span: nodeSpan(item as Node), selectionSpan: nodeSpan(pattern), children: [] }];
    });
  }
  if (isMap(value) && section !== 'env') {
    return pairsOf(value).flatMap((pair) => {
      const name = keyName(pair);
      return name === undefined ? [] : [symbol(pair, name, detailOf(name, pair.value as Node | null), 'key')];
    });
  }
  return [];
}
