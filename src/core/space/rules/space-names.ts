/**
 * Every name defined under `space`, well-formed or not. A parameter whose
 * distribution is broken is still defined: its own diagnostic says what is
 * wrong, and commands or conditions that use it must not add "unknown name" noise.
 */
import type { Document } from 'yaml';
import { nodeAt } from '../ast';
import { keyName, pairsOf } from '../parse';

export function spaceNames(doc: Document): string[] {
  return [...new Set(pairsOf(nodeAt(doc, ['space'])).map(keyName).filter((k): k is string => k !== undefined))];
}
