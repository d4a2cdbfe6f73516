#!/usr/bin/env bash
# Stops the cluster start-slurm.sh started in $SLURM_BASE: its jobs, then slurmd, slurmctld and
# munged by their pid files, then any job process left behind (slurmstepd outlives slurmd).
#   --purge: also delete $SLURM_BASE
set -uo pipefail
B=${SLURM_BASE:?set SLURM_BASE to the cluster folder}
export SLURM_CONF="$B/etc/slurm.conf"
alive() { [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
ours() { { tr '\0' ' ' < "/proc/$1/cmdline"; tr '\0' '\n' < "/proc/$1/environ"; } 2>/dev/null | grep -qF -- "$B"; }
stop_pid() { # stop_pid <pid file>
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if alive "$pid" && ours "$pid"; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.05; done
    alive "$pid" && kill -KILL "$pid"
  fi
  rm -f "$1"
}
if [ -f "$B/run/slurmctld.pid" ] && alive "$(cat "$B/run/slurmctld.pid")"; then
  jobs=$(timeout 5 squeue -h -o %i 2>/dev/null | tr '\n' ' ')
  [ -n "${jobs// /}" ] && timeout 5 scancel $jobs 2>/dev/null
fi
stop_pid "$B/run/slurmd.pid"
stop_pid "$B/run/slurmctld.pid"
stop_pid "$B/run/munged.pid"
# Job steps and their processes carry SLURM_CONF of this cluster in their environment.
for f in $(grep -lzx "SLURM_CONF=$B/etc/slurm.conf" /proc/[0-9]*/environ 2>/dev/null); do
  p=${f#/proc/}; p=${p%/environ}
  [ "$p" = "$$" ] && continue
  if grep -qz '^SLURM_JOB_ID=' "$f" 2>/dev/null; then kill -KILL "$p" 2>/dev/null; fi
done
for p in $(awk '$2 ~ /^\(slurmstepd/ {print $1}' /proc/[0-9]*/stat 2>/dev/null); do
  ours "$p" && kill -KILL "$p" 2>/dev/null
done
[ "${1:-}" = --purge ] && rm -rf "$B"
exit 0
