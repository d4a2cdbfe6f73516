#!/usr/bin/env bash
# Extension activation time in a real VS Code (code-server's extension host): from loading
# dist/extension.js to the end of activate(). Target < 50 ms. Runs the activation suite N times.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
npm run -s build
npx tsc -p tsconfig.json --outDir out --noEmit false
bash test/e2e/setup-tools.sh >/dev/null
out=$(mktemp -d)
for i in $(seq 1 "$runs"); do
  RUNG_ACTIVATION_REPORT="$out/$i.json" RUNG_E2E_SUITES=activation node --test out/test/e2e/exthost.test.js >/dev/null
done
node -e '
const fs = require("fs"); const dir = process.argv[1];
const ms = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(dir + "/" + f, "utf8"))).map((r) => r.activationMs).sort((a, b) => a - b);
console.log(`activation over ${ms.length} runs: median ${ms[ms.length >> 1].toFixed(1)} ms, min ${ms[0].toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms (target < 50 ms)`);
' "$out"
rm -rf "$out"
