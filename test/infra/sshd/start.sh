#!/usr/bin/env bash
# Starts private OpenSSH servers on loopback addresses for the SSH tests: one
# sshd per host (127.0.0.2, .3, .4 by default), each with its own config, host
# key, pid file, log and test user, and a stand-in nvidia-smi on the session
# PATH. Nothing here touches the system sshd or /etc/ssh.
#
#   start.sh STATE_DIR        (run as root; stop with stop.sh STATE_DIR)
#
# Environment (all optional):
#   RUNG_SSHD_HOSTS="2 3 4"   last octets of the 127.0.0.x addresses
#   RUNG_SSHD_PORT=           port for every host; default: the first free one from a random base
#   RUNG_SSHD_GPUS_<n>=4      stand-in GPUs on host 127.0.0.<n>
#   RUNG_SSHD_BUSY_<n>=       comma-separated GPU indices held by another user's process
#   RUNG_SSHD_MODE_<n>=       "no-driver" or "mig" (see test/infra/fakegpu/nvidia-smi)
#
# Writes STATE_DIR/env (KEY=VALUE lines) describing everything tests need:
#   RUNG_SSH_CONFIG       an ssh_config with the aliases rung-h<n> and rung-h<n>-via-h<first>
#   RUNG_SSH_KNOWN_HOSTS  known_hosts holding every host's key as [127.0.0.n]:PORT
#   RUNG_SSH_KEY          client key (no passphrase), authorised on every host
#   RUNG_SSH_KEY_ENCRYPTED / RUNG_SSH_KEY_PASSPHRASE   a second authorised key, encrypted
#   RUNG_SSH_KEY_UNAUTHORISED   a key no host accepts
#   RUNG_SSH_PORT, RUNG_SSH_HOSTS (comma-separated octets), and per host n: RUNG_SSH_ADDR_n, RUNG_SSH_USER_n,
#   RUNG_SSH_HOME_n, RUNG_SSHD_PID_n, RUNG_SSH_HOSTKEY_n (public key file), RUNG_SSH_GPU_DIR_n
set -euo pipefail

STATE=${1:?usage: start.sh STATE_DIR}
HOSTS=${RUNG_SSHD_HOSTS:-2 3 4}
HERE=$(cd "$(dirname "$0")" && pwd)
FAKEGPU_SRC="$HERE/../fakegpu/nvidia-smi"

fail() { echo "start.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root (it creates test users and runs sshd)"
[ -x /usr/sbin/sshd ] || fail "/usr/sbin/sshd is missing: install openssh-server (scripts/install-system-deps.sh)"
command -v ssh-keygen >/dev/null || fail "ssh-keygen is missing: install openssh-client (scripts/install-system-deps.sh)"

mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)
chmod 755 "$STATE"
mkdir -p /run/sshd && chmod 755 /run/sshd   # sshd's privilege-separation directory; it refuses to start without it

ssh-keygen -q -t ed25519 -N '' -C rung-test-client -f "$STATE/client_key"
PASSPHRASE="rung-test-$RANDOM$RANDOM"
ssh-keygen -q -t ed25519 -N "$PASSPHRASE" -C rung-test-encrypted -f "$STATE/client_key_encrypted"
ssh-keygen -q -t ed25519 -N '' -C rung-test-unauthorised -f "$STATE/client_key_unauthorised"

port_free() {  # $1: port; free on every test address
  local n
  for n in $HOSTS; do
    if ss -Htln "src 127.0.0.$n:$1" 2>/dev/null | grep -q .; then return 1; fi
  done
}

# Test user per host, so hosts do not share a home directory as real machines would not.
setup_user() {  # $1: host octet
  local user="rungh$1" home
  if ! getent passwd "$user" >/dev/null; then
    useradd --create-home --shell /bin/bash --user-group "$user" 2>/dev/null || getent passwd "$user" >/dev/null
  fi
  # useradd locks the password ('!'); with UsePAM no sshd then refuses even key logins.
  usermod -p '*' "$user"
  home=$(getent passwd "$user" | cut -d: -f6)
  install -d -m 700 -o "$user" -g "$user" "$home/.ssh"
  touch "$home/.ssh/authorized_keys"
  for key in client_key client_key_encrypted; do
    grep -qxF "$(cat "$STATE/$key.pub")" "$home/.ssh/authorized_keys" || cat "$STATE/$key.pub" >> "$home/.ssh/authorized_keys"
  done
  chown "$user:$user" "$home/.ssh/authorized_keys"
  chmod 600 "$home/.ssh/authorized_keys"
}

# A stand-in GPU box: a copy of the fake nvidia-smi and its state folder, writable by the user
# so trials can claim GPUs; "busy" GPUs are held by a root process, i.e. another user's job.
setup_gpus() {  # $1: host octet
  local n=$1 user="rungh$1" dir="$STATE/h$1/fakegpu" count busy mode i uuid
  count=$(eval "echo \${RUNG_SSHD_GPUS_$n:-4}")
  busy=$(eval "echo \${RUNG_SSHD_BUSY_$n:-}")
  mode=$(eval "echo \${RUNG_SSHD_MODE_$n:-}")
  mkdir -p "$STATE/h$n/bin" "$dir/procs"
  cp "$FAKEGPU_SRC" "$STATE/h$n/bin/nvidia-smi"
  chmod 755 "$STATE/h$n" "$STATE/h$n/bin" "$STATE/h$n/bin/nvidia-smi"
  : > "$dir/gpus"
  for ((i = 0; i < count; i++)); do
    uuid=$(printf 'GPU-%08x-%04x-4000-8000-%012x' "$n" "$i" $((n * 1000 + i)))
    echo "$i|$uuid|NVIDIA H100 80GB HBM3|$((60 + i)).50|$((600 + i)).25|81559|0" >> "$dir/gpus"
  done
  if [ -n "$mode" ]; then echo "$mode" > "$dir/mode"; fi
  for i in ${busy//,/ }; do
    uuid=$(sed -n "$((i + 1))p" "$dir/gpus" | cut -d'|' -f2)
    [ -n "$uuid" ] || fail "RUNG_SSHD_BUSY_$n names GPU $i, but host $n has $count GPUs"
    setsid sleep infinity </dev/null >/dev/null 2>&1 &
    echo "$uuid 30000" > "$dir/procs/$!"
    echo $! >> "$STATE/busy.pids"
  done
  chown -R "$user:$user" "$dir"
}

write_sshd_config() {  # $1: host octet, $2: port
  local n=$1 dir="$STATE/h$1"
  [ -f "$dir/host_key" ] || ssh-keygen -q -t ed25519 -N '' -C "rung-test-h$n" -f "$dir/host_key"
  cat > "$dir/sshd_config" <<EOF
# Private test sshd for 127.0.0.$n, written by test/infra/sshd/start.sh.
Port $2
ListenAddress 127.0.0.$n
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
AllowUsers rungh$n
UsePAM no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding yes
MaxStartups 100:30:200
Subsystem sftp internal-sftp
LogLevel VERBOSE
SetEnv PATH=$dir/bin:/usr/local/bin:/usr/bin:/bin FAKE_GPU_DIR=$dir/fakegpu
EOF
}

for n in $HOSTS; do setup_user "$n"; setup_gpus "$n"; done

# Every host on one port: pick a free one, and move on if another test run took it meanwhile.
PORT=${RUNG_SSHD_PORT:-}
base=$((20000 + RANDOM % 30000))
started=""
for attempt in $(seq 0 20); do
  if [ -z "${RUNG_SSHD_PORT:-}" ]; then
    PORT=$((base + attempt * 7))
    port_free "$PORT" || continue
  fi
  ok=1
  for n in $HOSTS; do
    write_sshd_config "$n" "$PORT"
    rm -f "$STATE/h$n/sshd.pid"
    if ! /usr/sbin/sshd -f "$STATE/h$n/sshd_config" -E "$STATE/h$n/sshd.log"; then ok=""; break; fi
    for _ in $(seq 1 300); do [ -s "$STATE/h$n/sshd.pid" ] && break; sleep 0.01; done
    [ -s "$STATE/h$n/sshd.pid" ] || { ok=""; break; }
  done
  if [ -n "$ok" ]; then started=1; break; fi
  for n in $HOSTS; do [ -s "$STATE/h$n/sshd.pid" ] && kill "$(cat "$STATE/h$n/sshd.pid")" 2>/dev/null || true; done
  [ -z "${RUNG_SSHD_PORT:-}" ] || break
done
if [ -z "$started" ]; then
  for n in $HOSTS; do [ -f "$STATE/h$n/sshd.log" ] && tail -5 "$STATE/h$n/sshd.log" >&2; done
  fail "no sshd could listen on port ${PORT:-?} of 127.0.0.{${HOSTS// /,}}"
fi

: > "$STATE/known_hosts"
FIRST=${HOSTS%% *}
{
  echo "# Aliases for the test sshds, written by test/infra/sshd/start.sh."
  for n in $HOSTS; do
    cat <<EOF
Host rung-h$n
  HostName 127.0.0.$n
  Port $PORT
  User rungh$n
  IdentityFile $STATE/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $STATE/known_hosts
EOF
    if [ "$n" != "$FIRST" ]; then
      cat <<EOF
Host rung-h$n-via-h$FIRST
  HostName 127.0.0.$n
  Port $PORT
  User rungh$n
  ProxyJump rung-h$FIRST
  IdentityFile $STATE/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $STATE/known_hosts
EOF
    fi
  done
} > "$STATE/ssh_config"

{
  echo "RUNG_SSH_CONFIG=$STATE/ssh_config"
  echo "RUNG_SSH_KNOWN_HOSTS=$STATE/known_hosts"
  echo "RUNG_SSH_KEY=$STATE/client_key"
  echo "RUNG_SSH_KEY_ENCRYPTED=$STATE/client_key_encrypted"
  echo "RUNG_SSH_KEY_PASSPHRASE=$PASSPHRASE"
  echo "RUNG_SSH_KEY_UNAUTHORISED=$STATE/client_key_unauthorised"
  echo "RUNG_SSH_PORT=$PORT"
  echo "RUNG_SSH_HOSTS=${HOSTS// /,}"
} > "$STATE/env"

# Prove each host with OpenSSH's own client before a test relies on it.
for n in $HOSTS; do
  echo "[127.0.0.$n]:$PORT $(cut -d' ' -f1,2 "$STATE/h$n/host_key.pub")" >> "$STATE/known_hosts"
  out=""
  for _ in $(seq 1 50); do
    if out=$(ssh -F /dev/null -i "$STATE/client_key" -p "$PORT" -o BatchMode=yes -o IdentitiesOnly=yes \
          -o UserKnownHostsFile="$STATE/known_hosts" -o StrictHostKeyChecking=yes -o ConnectTimeout=5 \
          "rungh$n@127.0.0.$n" 'command -v nvidia-smi' 2>&1) && [ "$out" = "$STATE/h$n/bin/nvidia-smi" ]; then break; fi
    out="FAILED: $out"
    sleep 0.1
  done
  case "$out" in FAILED*) tail -10 "$STATE/h$n/sshd.log" >&2; fail "login check on 127.0.0.$n:$PORT: ${out#FAILED: }" ;; esac
  {
    echo "RUNG_SSH_ADDR_$n=127.0.0.$n"
    echo "RUNG_SSH_USER_$n=rungh$n"
    echo "RUNG_SSH_HOME_$n=$(getent passwd "rungh$n" | cut -d: -f6)"
    echo "RUNG_SSHD_PID_$n=$(cat "$STATE/h$n/sshd.pid")"
    echo "RUNG_SSH_HOSTKEY_$n=$STATE/h$n/host_key.pub"
    echo "RUNG_SSH_GPU_DIR_$n=$STATE/h$n/fakegpu"
  } >> "$STATE/env"
done
echo "sshd up on 127.0.0.{${HOSTS// /,}}:$PORT; details in $STATE/env"
