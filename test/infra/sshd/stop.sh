#!/usr/bin/env bash
# Stops what start.sh STATE_DIR started: its sshds (and their sessions) and the
# processes that hold "busy" stand-in GPUs. The test users stay: other test runs
# may be using them, and start.sh reuses them.
set -uo pipefail
STATE=${1:?usage: stop.sh STATE_DIR}
[ -d "$STATE" ] || exit 0
for pidfile in "$STATE"/h*/sshd.pid; do
  [ -s "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  # Sessions are children of the listening sshd; end them too, so no test login lingers.
  for child in $(pgrep -P "$pid" 2>/dev/null); do kill "$child" 2>/dev/null; done
  kill "$pid" 2>/dev/null
done
if [ -f "$STATE/busy.pids" ]; then
  while read -r pid; do kill "$pid" 2>/dev/null; done < "$STATE/busy.pids"
fi
exit 0
