#!/usr/bin/env bash
# A three-node OpenSearch cluster on loopback, for `npm run test:cluster`:
#   cluster.sh start|stop|status|urls        the whole cluster
#   cluster.sh stop-node N | kill-node N | start-node N
#                                            one node (N = 1..3): stopped cleanly, or killed (SIGKILL)
#
# Each node is an ordinary engine.sh node (same Maven-assembled distribution, same cache, its own
# run dir per port) whose single-node discovery is replaced by seed hosts on loopback and a fixed
# set of initial cluster-manager nodes. Every node is cluster-manager eligible and holds data, so
# losing one keeps a quorum (2 of 3) and, with one replica, every shard.
#
# Environment: CLUSTER_PORT (19210: HTTP ports CLUSTER_PORT..+2, transport ports +100),
#              CLUSTER_HEAP (384m per node), and engine.sh's OS_VERSION, ENGINE_CACHE, ENGINE_TIMEOUT.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CLUSTER_PORT=${CLUSTER_PORT:-19210}
CLUSTER_HEAP=${CLUSTER_HEAP:-384m}
NODES=(1 2 3)

http_port() { echo $((CLUSTER_PORT + $1 - 1)); }
name() { echo "aggproxy-c$CLUSTER_PORT-$1"; }

settings() {
  local seeds="" managers="" i
  for i in "${NODES[@]}"; do
    seeds+="${seeds:+, }\"127.0.0.1:$(( $(http_port "$i") + 100 ))\""
    managers+="${managers:+, }\"$(name "$i")\""
  done
  printf 'cluster.name: aggproxy-cluster-%s\nnode.name: %s\ndiscovery.seed_hosts: [%s]\ncluster.initial_cluster_manager_nodes: [%s]\n' \
    "$CLUSTER_PORT" "$(name "$1")" "$seeds" "$managers"
}

node() { # node <engine.sh command> <N>
  ENGINE_PORT=$(http_port "$2") ENGINE_HEAP=$CLUSTER_HEAP ENGINE_CLUSTER=$(settings "$2") \
    bash "$HERE/engine.sh" "$1" opensearch
}

# Nodes wait for a quorum before they answer health, so they start together and are awaited together.
start_all() {
  local pids=() i rc=0
  bash "$HERE/engine.sh" fetch opensearch # once, before three nodes would assemble it at the same time
  for i in "${NODES[@]}"; do node start "$i" >/dev/null & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  [ "$rc" = 0 ] || { echo "[cluster] a node failed to start" >&2; exit 1; }
  local url; url=http://127.0.0.1:$(http_port 1)
  curl -fsS -m 60 "$url/_cluster/health?wait_for_nodes=3&wait_for_status=green&timeout=50s" >/dev/null ||
    { echo "[cluster] three nodes did not form a green cluster" >&2; exit 1; }
  echo "[cluster] three nodes up at $(urls)" >&2
  urls
}

urls() {
  local out="" i
  for i in "${NODES[@]}"; do out+="${out:+,}http://127.0.0.1:$(http_port "$i")"; done
  echo "$out"
}

case "${1:-}" in
  start) start_all ;;
  stop) for i in "${NODES[@]}"; do node stop "$i" || true; done ;;
  status) rc=0; for i in "${NODES[@]}"; do node status "$i" || rc=$?; done; exit $rc ;;
  urls) urls ;;
  stop-node) node stop "${2:?node number}" ;;
  kill-node) ENGINE_STOP_SIGNAL=KILL node stop "${2:?node number}" ;;
  start-node) node start "${2:?node number}" ;;
  *) echo "usage: $0 start|stop|status|urls|stop-node N|kill-node N|start-node N" >&2; exit 2 ;;
esac
