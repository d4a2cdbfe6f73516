#!/bin/sh
# Protocol (c), the slow benchmark (`npm run bench:nmt`, about two minutes on 2 cores):
# every multi-fidelity study for 20 seeds, then the scores into docs/benchmarks.md.
# Expects dist/ and out/ built (the npm script builds them).
set -eu
mkdir -p bench/results
for s in bench/studies/*.rung.yaml; do
  node dist/cli.js bench "$s" --seeds 20 --json "bench/results/$(basename "$s" .rung.yaml).json"
done
node out/bench/multifidelity.js bench/results/*.json
