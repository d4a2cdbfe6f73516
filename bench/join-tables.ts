/**
 * Writes bench/tables/nmtlc-scratch-<pair>-joined.json: the scratch learning
 * curves joined to their NMTHPO rows (src/core/table/join.ts says how), the
 * corpora the multi-fidelity studies replay. Rerun after changing the tables:
 *
 *   node out/bench/join-tables.js [bench/tables]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { joinCurves } from '../src/core/table/join';
import { parseTable } from '../src/core/table/table';

const PAIRS = ['zh-en', 'ru-en', 'en-ja', 'sw-en'];

function main(dir: string): void {
  for (const pair of PAIRS) {
    const curves = path.join(dir, `nmtlc-scratch-${pair}.json`);
    const scalars = path.join(dir, `${pair}.json`);
    const out = path.join(dir, `nmtlc-scratch-${pair}-joined.json`);
    const joined = joinCurves(JSON.parse(fs.readFileSync(curves, 'utf8')), JSON.parse(fs.readFileSync(scalars, 'utf8')), `${curves} + ${scalars}`);
    const table = parseTable(joined, out);
    fs.writeFileSync(out, `${JSON.stringify(joined)}\n`);
    process.stdout.write(`${out}: ${table.rows.length} rows, longest curve ${table.longestCurve}\n`);
  }
}

try {
  main(process.argv[2] ?? path.join('bench', 'tables'));
} catch (e) {
  process.stderr.write(`join-tables: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
