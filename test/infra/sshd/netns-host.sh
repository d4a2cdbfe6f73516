#!/usr/bin/env bash
# Puts a copy of a test sshd (see start.sh) behind a real network link: a network
# namespace joined to this one by a veth pair on a private /30, with the same host
# key, user and port, so a test can take the link down and up under a running study.
# No default route and no forwarding: nothing in the namespace reaches a real network.
#
#   netns-host.sh start STATE_DIR N   host N of start.sh, reachable as alias rung-hN-ns
#   netns-host.sh down|up STATE_DIR N the link (its end on this side)
#   netns-host.sh stop STATE_DIR N
#
# start appends to STATE_DIR/env: RUNG_NETNS_N (namespace), RUNG_NETNS_LINK_N (this side's
# link), RUNG_NETNS_ADDR_N, RUNG_NETNS_PID_N (its sshd); and the alias to ssh_config/known_hosts.
set -euo pipefail
ACTION=${1:?usage: netns-host.sh start|down|up|stop STATE_DIR N}
STATE=${2:?state dir}
N=${3:?host octet}
DIR="$STATE/ns$N"
fail() { echo "netns-host.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "must run as root (it creates a network namespace)"

case "$ACTION" in
start)
  [ -f "$STATE/h$N/sshd_config" ] || fail "no sshd config for host $N in $STATE; run start.sh first"
  mkdir -p "$DIR"
  tag=$(printf '%04x' $(( (RANDOM + $$) % 65536 )))
  ns="rung-ns$N-$tag"; link="rvn$N$tag"
  # A /30 in 10.231.0.0/16 that nothing routes yet.
  for _ in $(seq 1 50); do
    third=$(( RANDOM % 250 + 1 )); fourth=$(( (RANDOM % 63) * 4 ))
    net="10.231.$third"; here="$net.$((fourth + 1))"; there="$net.$((fourth + 2))"
    ip -4 route show | grep -q " $there\| $net\.$fourth/" || ip -4 addr show | grep -q "inet $net\." || break
  done
  ip netns add "$ns"
  ip link add "$link" type veth peer name eth0 netns "$ns"
  ip addr add "$here/30" dev "$link"
  ip link set "$link" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$there/30" dev eth0
  ip -n "$ns" link set eth0 up
  dev=$(ip -4 route get "$there" | grep -o 'dev [^ ]*' | cut -d' ' -f2)
  [ "$dev" = "$link" ] || fail "the route to $there goes via '$dev', not $link"
  sed -e "s/^ListenAddress .*/ListenAddress $there/" -e "s#^PidFile .*#PidFile $DIR/sshd.pid#" "$STATE/h$N/sshd_config" > "$DIR/sshd_config"
  port=$(sed -n 's/^Port //p' "$DIR/sshd_config")
  ip netns exec "$ns" /usr/sbin/sshd -f "$DIR/sshd_config" -E "$DIR/sshd.log"
  for _ in $(seq 1 300); do [ -s "$DIR/sshd.pid" ] && break; sleep 0.01; done
  [ -s "$DIR/sshd.pid" ] || fail "the sshd in $ns did not start: $(tail -3 "$DIR/sshd.log" 2>/dev/null)"
  echo "[$there]:$port $(cut -d' ' -f1,2 "$STATE/h$N/host_key.pub")" >> "$STATE/known_hosts"
  cat >> "$STATE/ssh_config" <<EOC
Host rung-h$N-ns
  HostName $there
  Port $port
  User rungh$N
  IdentityFile $STATE/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $STATE/known_hosts
EOC
  { echo "RUNG_NETNS_$N=$ns"; echo "RUNG_NETNS_LINK_$N=$link"; echo "RUNG_NETNS_ADDR_$N=$there"; echo "RUNG_NETNS_PID_$N=$(cat "$DIR/sshd.pid")"; } >> "$STATE/env"
  ;;
down|up)
  link=$(sed -n "s/^RUNG_NETNS_LINK_$N=//p" "$STATE/env" | tail -1)
  [ -n "$link" ] || fail "host $N has no namespace link in $STATE/env"
  ip link set "$link" "$ACTION"
  ;;
stop)
  ns=$(sed -n "s/^RUNG_NETNS_$N=//p" "$STATE/env" | tail -1)
  link=$(sed -n "s/^RUNG_NETNS_LINK_$N=//p" "$STATE/env" | tail -1)
  if [ -s "$DIR/sshd.pid" ]; then
    pid=$(cat "$DIR/sshd.pid")
    for child in $(pgrep -P "$pid" 2>/dev/null); do kill "$child" 2>/dev/null; done
    kill "$pid" 2>/dev/null || true
  fi
  [ -n "$link" ] && ip link del "$link" 2>/dev/null || true
  [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
  ;;
*) fail "unknown action $ACTION" ;;
esac
