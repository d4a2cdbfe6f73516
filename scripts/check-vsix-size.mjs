// Fails `npm run package` when the VSIX grows past the size the extension promises (3 MB),
// and prints the size so it can be recorded in docs/benchmarks.md.
import { statSync } from 'node:fs';

const LIMIT = 3 * 1024 * 1024;
const file = process.argv[2] ?? 'rung.vsix';
const size = statSync(file).size;
console.log(`${file}: ${(size / 1024).toFixed(1)} KiB (limit ${LIMIT / 1024} KiB)`);
if (size > LIMIT) {
  console.error(`${file} is larger than 3 MB: check .vscodeignore (an allowlist) for what got in.`);
  process.exit(1);
}
