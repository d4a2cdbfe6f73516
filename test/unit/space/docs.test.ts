import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_METRICS, BUILTIN_PLACEHOLDERS, DISTRIBUTIONS, TOP_LEVEL_KEYS } from '../../../src/core/space/keys';
import { DEFAULT_ENERGY } from '../../../src/core/space/model';

const ROOT = path.resolve(__dirname, '../../../..');
const DOC = readFileSync(path.join(ROOT, 'docs/space-language.md'), 'utf8');

test('the language reference documents every key of the key table', () => {
  for (const [name, spec] of Object.entries(TOP_LEVEL_KEYS)) {
    assert.ok(DOC.includes(`| \`${name}\` |`), name);
    const children = spec.keys ?? spec.named?.keys ?? spec.items?.keys ?? {};
    if (name === 'space') continue;
    for (const child of Object.keys(children)) assert.ok(DOC.includes(`| \`${child}\` |`), `${name}.${child}`);
  }
  for (const d of DISTRIBUTIONS) assert.ok(DOC.includes(`{${d}: [`), d);
  for (const p of Object.keys(BUILTIN_PLACEHOLDERS)) assert.ok(DOC.includes(`| \`{${p}}\` |`), p);
  for (const m of Object.keys(BUILTIN_METRICS)) assert.ok(DOC.includes(`| \`${m}\` |`), m);
});

test('the language reference lists every diagnostic code', () => {
  const source = readFileSync(path.join(ROOT, 'src/core/space/diagnostic.ts'), 'utf8');
  const codes = [...source.matchAll(/^\s*\| '([a-z-]+)';?$/gm)].map((m) => m[1] as string);
  assert.ok(codes.length >= 34);
  for (const code of codes) assert.match(DOC, new RegExp(`^\\| \`${code}\` \\| (error|warning|info) \\|`, 'm'), code);
});

test('the stated energy defaults are the ones the model uses', () => {
  assert.ok(DOC.includes(`| \`energy.pue\` | ${DEFAULT_ENERGY.pue} |`));
  assert.ok(DOC.includes(`| \`energy.carbon_intensity\` | ${DEFAULT_ENERGY.carbonIntensity} g`));
  assert.ok(DOC.includes(`| \`energy.cpu_watts\` | ${DEFAULT_ENERGY.cpuWatts} W`));
  assert.ok(DOC.includes(`| \`energy.ram_watts\` | ${DEFAULT_ENERGY.ramWatts} W`));
  assert.ok(DOC.includes(`| \`energy.gpu_watts\` | ${DEFAULT_ENERGY.gpuWatts} W`));
});
