#!/usr/bin/env bash
# `npm run test:e2e`: build, make sure the toolchain is installed, then run the extension-host
# suite and the UI tests in code-server + headless Chromium. Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run build
npx tsc -p tsconfig.json --outDir out --noEmit false
bash test/e2e/setup-tools.sh
mkdir -p test-output/e2e
node --test --test-concurrency=1 --test-reporter=spec out/test/e2e/exthost.test.js out/test/e2e/ui.test.js
