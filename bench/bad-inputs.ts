/**
 * Hostile and odd study files, generated: shared by the bad-input tests (which
 * assert they end in diagnostics, in bounded time) and the language benchmark
 * (which times them). None is stored in the repository; the largest is 10 MB.
 */

export interface BadInput {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The set of diagnostic codes the file must get (empty: a clean study). */
  readonly expect: readonly string[];
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const REST = 'command: python t.py --lr {lr}\nspace:\n  lr: {uniform: [0.0, 1.0]}\nobjectives:\n  loss: {mode: min}\n';

/** Ten lists of ten aliases to the one before: 10^9 items if anything expanded them. */
function laughs(prefix: string, indent = ''): string {
  let s = `${indent}${prefix}0: &${prefix}0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n`;
  for (let i = 1; i < 10; i++) s += `${indent}${prefix}${i}: &${prefix}${i} [${Array.from({ length: 10 }, () => `*${prefix}${i - 1}`).join(', ')}]\n`;
  return s;
}

export function badInputs(): BadInput[] {
  const binary = new Uint8Array(4096);
  for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
  const tenMb = `${REST}${'# padding so the file is large\n'.repeat(Math.ceil((10 * 1024 * 1024) / 31))}`;
  let deepMap = '';
  for (let i = 0; i < 1400; i++) deepMap += `${' '.repeat(i)}a:\n`;
  deepMap += `${' '.repeat(1400)}b: 1\n`;
  return [
    { name: 'not-utf8', bytes: new Uint8Array([...utf8('command: python t.py\nname: caf'), 0xe9, ...utf8('\n')]), expect: ['not-text'] },
    { name: 'binary', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...binary]), expect: ['not-text'] },
    { name: 'nul-bytes', bytes: utf8(`command: python t.py\n${'\u0000'.repeat(64)}\n`), expect: ['not-text'] },
    { name: 'ten-megabytes', bytes: utf8(tenMb), expect: ['file-too-large'] },
    { name: 'nested-10000-block-lists', bytes: utf8(`${'- '.repeat(10_000)}x\n`), expect: ['yaml-syntax'] },
    { name: 'nested-1400-block-maps', bytes: utf8(deepMap), expect: ['yaml-syntax'] },
    { name: 'nested-10000-flow-lists', bytes: utf8(`space: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`), expect: ['yaml-syntax'] },
    { name: 'nested-10000-flow-maps', bytes: utf8(`space: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`), expect: ['yaml-syntax'] },
    { name: 'nested-500-under-env', bytes: utf8(`${REST}env: ${'{a: '.repeat(500)}1${'}'.repeat(500)}\n`), expect: ['wrong-type'] },
    { name: 'billion-laughs', bytes: utf8(`${REST}${laughs('x')}`), expect: ['unknown-key'] },
    {
      name: 'billion-laughs-in-space-env-choice',
      bytes: utf8(`command: python t.py --lr {lr} --o {o} --p {p}\nobjectives: {loss: {mode: min}}\nenv:\n${laughs('E', '  ')}space:\n  lr: {choice: *E9}\n  o: *E9\n  p: {choice: [*E9, *E8, 1]}\ngpus: *E9\nhosts: *E9\nfailures: *E9\n`),
      expect: ['wrong-type', 'bad-distribution'],
    },
    { name: 'alias-keys', bytes: utf8(`${REST}x: &k [a, b]\n*k : 1\n? *k\n: 2\n`), expect: ['unknown-key'] },
    { name: 'undefined-alias', bytes: utf8(`${REST}seed: *nowhere\n`), expect: ['yaml-syntax'] },
    { name: 'non-string-keys', bytes: utf8(`${REST}1: one\n[a, b]: list\n{c: 1}: map\nenv: {2: x}\nscheduler: {3: y}\n`), expect: ['unknown-key'] },
    { name: 'non-string-keys-in-space-and-objectives', bytes: utf8(`command: python t.py\nspace: {1: {uniform: [0, 1]}, [a]: 2, {b: 1}: 3}\nobjectives: {5: {mode: min}}\n`), expect: ['bad-name', 'unknown-key'] },
    { name: 'tabs', bytes: utf8(REST.replace('  lr:', '\tlr:')), expect: ['yaml-syntax'] },
    { name: 'crlf', bytes: utf8(REST.replace(/\n/g, '\r\n')), expect: [] },
    { name: 'bom', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(REST)]), expect: [] },
    { name: 'empty', bytes: new Uint8Array(0), expect: ['missing-key'] },
    { name: 'only-a-comment', bytes: utf8('# nothing here yet\n'), expect: ['missing-key'] },
    { name: 'only-whitespace', bytes: utf8('\n\n   \n\n'), expect: ['missing-key'] },
    { name: 'top-level-list', bytes: utf8('- command: python t.py\n- space: {}\n'), expect: ['missing-key'] },
    { name: 'top-level-scalar', bytes: utf8('python train.py\n'), expect: ['missing-key'] },
    { name: 'multiple-documents', bytes: utf8(`${REST}---\n${REST}`), expect: ['yaml-syntax'] },
    { name: 'one-megabyte-key', bytes: utf8(`${REST}${'k'.repeat(1_000_000)}: 1\n`), expect: ['yaml-syntax'] },
    { name: 'one-megabyte-quoted-key', bytes: utf8(`${REST}? "${'k'.repeat(1_000_000)}"\n: 1\n`), expect: ['unknown-key'] },
    { name: 'cr-only-line-breaks', bytes: utf8(REST.replace(/\n/g, '\r')), expect: [] },
    { name: 'ten-thousand-keys', bytes: utf8(`${REST}${Array.from({ length: 10_000 }, (_, i) => `key${i}: ${i}`).join('\n')}\n`), expect: ['unknown-key'] },
    { name: 'ten-thousand-duplicate-params', bytes: utf8(`command: python t.py --lr {lr}\nobjectives: {loss: {mode: min}}\nspace:\n${'  lr: {uniform: [0, 1]}\n'.repeat(10_000)}`), expect: ['duplicate-key'] },
  ];
}
