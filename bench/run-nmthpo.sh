#!/bin/sh
# Protocol (a), single objective (`npm run bench:nmthpo`): every NMTHPO study
# (random and bo on four tables) for 20 seeds, then the scores into docs/benchmarks.md.
# Expects dist/ and out/ built (the npm script builds them).
set -eu
mkdir -p bench/results/nmthpo
results=""
for s in bench/studies/nmthpo/*.rung.yaml; do
  out="bench/results/nmthpo/$(basename "$s" .rung.yaml).json"
  node dist/cli.js bench "$s" --seeds 20 --json "$out"
  results="$results $out"
done
# shellcheck disable=SC2086 # one word per result file; the study names have no spaces
node out/bench/nmthpo.js $results
