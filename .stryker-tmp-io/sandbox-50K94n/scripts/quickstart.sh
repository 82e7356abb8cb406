#!/usr/bin/env bash
# Quick start: set up this machine, then run memctl's main job against the local control plane:
# create a 2-shard cluster with one replica per shard, use it, look at it, delete it.
# Uses its own state directory and a free port, and stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export MEMCTL_LOCAL_DIR="$PWD/.memctl-quickstart"
MEMCTL_LOCAL_PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
export MEMCTL_LOCAL_PORT
memctl() { node bin/memctl "$@"; }
trap 'memctl local down -q >/dev/null 2>&1 || true' EXIT

step() { printf '\n\033[1m$ memctl %s\033[0m\n' "$*" >&2; memctl "$@"; }

step --local create demo --shards 2 --replicas 1 --wait
step --local list
step --local describe demo -o json --query '{endpoint: endpoint, nodes: shards[].nodes[].name}'

port="$(memctl --local describe demo -o json --query endpoint.port)"
ca="$MEMCTL_LOCAL_DIR/tls/ca.crt"
printf '\n\033[1m$ redis-cli -c --tls --cacert %s -p %s SET/GET\033[0m\n' "$ca" "$port" >&2
for key in device:1 device:2 device:3; do
  redis-cli -c --tls --cacert "$ca" -p "$port" SET "$key" "status=active" >/dev/null
  printf '%s -> %s (slot %s)\n' "$key" "$(redis-cli -c --tls --cacert "$ca" -p "$port" GET "$key")" "$(redis-cli --tls --cacert "$ca" -p "$port" CLUSTER KEYSLOT "$key")"
done

sleep 2
step --local metrics demo --since 1m --metric CurrItems --metric EngineCPUUtilization -o table
step --local alarms list demo -o table --query "[?node=='demo-0001-001'].{alarm: alarm, state: state, threshold: threshold}"

step --local delete demo --yes --wait
step local down
printf '\nDone. Try it yourself: node bin/memctl --local create mycluster --shards 3 --replicas 1 --wait\n' >&2
