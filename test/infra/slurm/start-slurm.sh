#!/usr/bin/env bash
# Starts a private one-node Slurm cluster for the tests: munged with its own key and socket,
# slurmctld and slurmd as plain processes (no systemd), one node `localhost` with fake GPUs
# (character devices, so jobs get CUDA_VISIBLE_DEVICES). Everything lives in $SLURM_BASE,
# whose saved state is wiped on every start: old jobs must never run again in a new cluster.
# Prints the client environment and writes it to $SLURM_BASE/env (`. $SLURM_BASE/env`).
#   SLURM_BASE (required)  SLURMCTLD_PORT / SLURMD_PORT (default 16817 / 16818)
#   SLURM_FAKE_GPUS (2)  SLURM_CPUS (8: more than the machine has, so tests can queue many small jobs)
#   SLURM_KILL_WAIT (seconds from TERM to KILL, 2)
set -euo pipefail
B=${SLURM_BASE:?set SLURM_BASE to a folder for the cluster}
CTLD_PORT=${SLURMCTLD_PORT:-16817}
D_PORT=${SLURMD_PORT:-16818}
GPUS=${SLURM_FAKE_GPUS:-2}
CPUS=${SLURM_CPUS:-8}
KILL_WAIT=${SLURM_KILL_WAIT:-2}
fail() { echo "start-slurm: $*" >&2; exit 1; }
waitfor() { # waitfor <seconds> <command...>
  local n=$(( $1 * 20 )); shift
  for _ in $(seq 1 "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.05; done; return 1
}
[ "$(id -u)" = 0 ] || fail "must run as root (slurmd runs jobs as their users)"
for c in munged mungekey slurmctld slurmd sbatch; do
  command -v "$c" >/dev/null || fail "$c is missing: run scripts/install-system-deps.sh (Debian packages slurm-wlm munge)"
done
if [ -f "$B/run/slurmctld.pid" ] && kill -0 "$(cat "$B/run/slurmctld.pid")" 2>/dev/null; then
  fail "a cluster already runs in $B; stop it with stop-slurm.sh"
fi

rm -rf "$B/state" "$B/spool" "$B/log"
mkdir -p "$B"/{etc,run,log,state,spool,munge,dev}
chmod 755 "$B" "$B/run" "$B/etc"; chmod 700 "$B/munge"
[ -f "$B/munge/munge.key" ] || mungekey --create --keyfile="$B/munge/munge.key"
chmod 600 "$B/munge/munge.key"
rm -f "$B/run/munge.socket" "$B/run/munge.socket.lock"
munged --socket="$B/run/munge.socket" --key-file="$B/munge/munge.key" --pid-file="$B/run/munged.pid" \
  --log-file="$B/log/munged.log" --seed-file="$B/munge/munged.seed"
waitfor 10 sh -c "munge -n -S '$B/run/munge.socket' | unmunge -S '$B/run/munge.socket'" \
  || fail "munged does not answer: $(tail -3 "$B/log/munged.log" 2>/dev/null)"

GRES_TYPES=""; GRES_NODE=""; : > "$B/etc/gres.conf"
if [ "$GPUS" -gt 0 ]; then
  # Character devices 1:3 (like /dev/null): slurmd stat()s them and hands jobs their indices.
  for i in $(seq 0 $((GPUS - 1))); do [ -e "$B/dev/nvidia$i" ] || mknod "$B/dev/nvidia$i" c 1 3; done
  GRES_TYPES="GresTypes=gpu"; GRES_NODE="Gres=gpu:fake:$GPUS"
  echo "NodeName=localhost Name=gpu Type=fake File=$B/dev/nvidia[0-$((GPUS - 1))]" > "$B/etc/gres.conf"
fi
cat > "$B/etc/slurm.conf" <<CONF
ClusterName=rungtest
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=$D_PORT
AuthType=auth/munge
AuthInfo=socket=$B/run/munge.socket
CredType=cred/munge
StateSaveLocation=$B/state
SlurmdSpoolDir=$B/spool
SlurmctldPidFile=$B/run/slurmctld.pid
SlurmdPidFile=$B/run/slurmd.pid
SlurmctldLogFile=$B/log/slurmctld.log
SlurmdLogFile=$B/log/slurmd.log
# No cgroups in containers: track job processes by parentage.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# The node may claim more CPUs than the machine has.
SlurmdParameters=config_overrides
MpiDefault=none
SwitchType=switch/none
KillWait=$KILL_WAIT
# Finished jobs stay visible to scontrol this long.
MinJobAge=300
# Quick scheduling, so tests and benchmarks do not wait on the scheduler's own clock.
SchedulerParameters=sched_interval=1,defer_batch
# Clients give up on a controller that does not answer after a few seconds.
MessageTimeout=3
$GRES_TYPES
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=1000 $GRES_NODE State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
echo "export SLURM_CONF=$B/etc/slurm.conf" > "$B/env"
export SLURM_CONF="$B/etc/slurm.conf"

slurmctld -f "$SLURM_CONF"
waitfor 20 sh -c "scontrol ping | grep -q 'is UP'" || fail "slurmctld is not up: $(tail -5 "$B/log/slurmctld.log")"
slurmd -f "$SLURM_CONF" -N localhost
waitfor 30 sh -c "sinfo -h -n localhost -o %T | grep -qx idle" \
  || fail "the node is not idle ($(sinfo -h -o '%T %E' 2>&1)): $(tail -5 "$B/log/slurmd.log")"
cat "$B/env"
