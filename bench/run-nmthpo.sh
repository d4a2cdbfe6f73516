#!/bin/sh
# Protocols (a) and (b) (`npm run bench:nmthpo`): every NMTHPO study (random and bo
# on four tables, one and two objectives) for 20 seeds, then the scores into
# docs/benchmarks.md. Expects dist/ and out/ built (the npm script builds them).
set -eu
results=""
for protocol in nmthpo nmthpo-pareto; do
  mkdir -p "bench/results/$protocol"
  for s in bench/studies/"$protocol"/*.rung.yaml; do
    out="bench/results/$protocol/$(basename "$s" .rung.yaml).json"
    node dist/cli.js bench "$s" --seeds 20 --json "$out"
    results="$results $out"
  done
done
# shellcheck disable=SC2086 # one word per result file; the study names have no spaces
node out/bench/nmthpo.js $results
