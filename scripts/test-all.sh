#!/usr/bin/env bash
# Every test Rung has: types, lint, unit and engine tests (real processes), then the editor in a
# real VS Code workbench. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
npm test
npm run test:e2e
