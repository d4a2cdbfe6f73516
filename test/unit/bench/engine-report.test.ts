import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentile, renderEngineSection, replaceEngineSection } from '../../../bench/engine-report';

const DOC = '# Benchmarks\n\n## Language\n\nkeep me\n\n## Engine\n\nold\n\n## Multi-fidelity (NMTLC)\n\nkeep me too\n';

test('the Engine section is replaced in place and the others are kept byte for byte', () => {
  const out = replaceEngineSection(DOC, '## Engine\n\nnew\n\n');
  assert.equal(out, '# Benchmarks\n\n## Language\n\nkeep me\n\n## Engine\n\nnew\n\n## Multi-fidelity (NMTLC)\n\nkeep me too\n');
  assert.equal(replaceEngineSection(out, '## Engine\n\nnew\n\n'), out);
});

test('a document without an Engine section gets it appended', () => {
  const out = replaceEngineSection('# Benchmarks\n\n## Language\n\nkeep me\n', '## Engine\n\nnew\n');
  assert.equal(out, '# Benchmarks\n\n## Language\n\nkeep me\n\n## Engine\n\nnew\n');
});

test('a last Engine section is replaced to the end of the document', () => {
  assert.equal(replaceEngineSection('# B\n\n## Engine\n\nold\nlines\n', '## Engine\n\nnew\n'), '# B\n\n## Engine\n\nnew\n');
});

test('percentiles are nearest-rank and the section reports overhead against the ideal', () => {
  assert.equal(percentile([1, 2, 3, 4], 50), 2);
  assert.equal(percentile([1, 2, 3, 4], 95), 4);
  const section = renderEngineSection({
    trials: 16, parallel: 8, trialSeconds: 1, wallSeconds: 2.1, idealSeconds: 2, engineMaxRssMiB: 80,
    endToLaunchMs: { p50: 5, p95: 9 }, exitToLaunchMs: { p50: 20, p95: 40 }, machine: 'test',
  }, undefined);
  assert.match(section, /2\.1 s vs 2\.0 s \(5\.0 %\)/);
  assert.match(section, /\| 5 \/ 9 ms \|/);
});
