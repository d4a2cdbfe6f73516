#!/bin/sh
# Protocol (c), the slow benchmark (`npm run bench:nmt`, about half an hour on 2 cores, nearly all of it the bo studies):
# every multi-fidelity study for 20 seeds, then the scores into docs/benchmarks.md.
# Expects dist/ and out/ built (the npm script builds them).
# Only the results written here are scored: bench/results also holds the engine benchmarks'.
set -eu
mkdir -p bench/results
results=""
for s in bench/studies/*.rung.yaml; do
  out="bench/results/$(basename "$s" .rung.yaml).json"
  node dist/cli.js bench "$s" --seeds 20 --json "$out"
  results="$results $out"
done
# shellcheck disable=SC2086 # one word per result file; the study names have no spaces
node out/bench/multifidelity.js $results
