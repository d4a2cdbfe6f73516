// Writes schemas/rung.schema.json from the key table (src/core/space/json-schema.ts).
// Run after changing src/core/space/keys.ts; a unit test fails while the two differ.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';

const bundle = await esbuild.build({
  entryPoints: ['src/core/space/json-schema.ts'], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'warning',
});
const source = bundle.outputFiles[0].text;
const { studySchemaText } = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
mkdirSync('schemas', { recursive: true });
writeFileSync('schemas/rung.schema.json', studySchemaText());
console.log('wrote schemas/rung.schema.json');
