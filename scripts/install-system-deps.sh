#!/usr/bin/env bash
# Debian packages the tests need that npm cannot bring: the browser that drives the real VS Code
# workbench, the headers code-server's native modules build with, OpenSSH for the private sshds
# of the SSH tests (test/infra/sshd), and slurm-wlm with munge for the private one-node Slurm of
# the cluster tests (test/infra/slurm). Idempotent: installs only what is missing, so a second run
# costs nothing.
set -euo pipefail
packages=(
  chromium libkrb5-dev pkg-config build-essential python3 ca-certificates
  openssh-server openssh-client iproute2 procps util-linux bsdutils
  slurm-wlm munge
)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && { echo "[system] all test packages present"; exit 0; }
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then exec sudo --preserve-env=DEBIAN_FRONTEND "$0" "$@"; fi
  echo "[system] missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "[system] installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${missing[@]}"
