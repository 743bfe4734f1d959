#!/usr/bin/env bash
# Lifecycle of aggproxy's local engines: engine.sh fetch|start|stop|status|url [opensearch|elasticsearch|all]
#
# Each engine is assembled from Maven Central only, through the project's own pom:
# - opensearch (default; engine/opensearch/pom.xml): the official integ-test-zip plus the
#   lang-painless module, which that zip does not ship;
# - elasticsearch (engine/elasticsearch/pom.xml): the official integ-test-zip as it is. Elastic
#   publishes no Painless on Maven Central, so this node has no scripts (a real-world setup too).
# Both live in an ignored cache folder, run single-node on loopback with a small heap, and, because
# both refuse to run as root, as a dedicated system user when this script runs as root.
#
# Environment: ENGINE_FLAVOUR (opensearch), OS_VERSION (2.19.5), ES_VERSION (8.19.7),
#              ENGINE_PORT (19200 for OpenSearch, 19201 for Elasticsearch), ENGINE_HEAP (512m),
#              ENGINE_CACHE (<repo>/.cache/engine), ENGINE_USER (aggengine), ENGINE_TIMEOUT (180 s),
#              ENGINE_URL_FILE (start: also write the engine's URL, alone, to this file),
#              ENGINE_CLUSTER (YAML lines naming the node and its seeds instead of single-node; cluster.sh sets it).
#
# Output: everything this script and the tools it runs (Maven, the JDK) print goes to stderr; stdout
# carries nothing but the URL line of `start` and `url`. Programs should still read the URL from
# ENGINE_URL_FILE: a file no tool writes to is the one channel nothing can pollute.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FLAVOUR=${2:-${ENGINE_FLAVOUR:-opensearch}}
OS_VERSION=${OS_VERSION:-2.19.5}
ES_VERSION=${ES_VERSION:-8.19.7}
ENGINE_HEAP=${ENGINE_HEAP:-512m}
ENGINE_USER=${ENGINE_USER:-aggengine}
ENGINE_TIMEOUT=${ENGINE_TIMEOUT:-180}
# an explicit ENGINE_CACHE is used as given (never relocated): callers that set it mean that folder
ENGINE_CACHE_GIVEN=${ENGINE_CACHE:+1}
ENGINE_CACHE=${ENGINE_CACHE:-$REPO/.cache/engine}
# Maven without colours: Jansi writes reset sequences (ESC[0m) at exit even under -B -q
# -Dstyle.color=never; only jansi.noreset stops those (Maven 3.8). Its stdout goes to stderr anyway.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dstyle.color=never -Djansi.noreset=true"

case "$FLAVOUR" in
  opensearch) VERSION=$OS_VERSION; ENGINE_PORT=${ENGINE_PORT:-19200}; BIN=opensearch ;;
  elasticsearch) VERSION=$ES_VERSION; ENGINE_PORT=${ENGINE_PORT:-19201}; BIN=elasticsearch ;;
  all) ;;
  *) echo "unknown engine flavour '$FLAVOUR' (opensearch | elasticsearch | all)" >&2; exit 2 ;;
esac
URL="http://127.0.0.1:${ENGINE_PORT:-0}"

log() { echo "[engine] $*" >&2; }

# The engine user must be able to reach its home. A checkout under /root is not traversable
# for it, so the default cache moves to /var/tmp in that case; an explicit ENGINE_CACHE that is
# not traversable is an error (moving it would silently reuse another cache).
resolve_cache() {
  if [ "$(id -u)" = 0 ]; then
    local d=$ENGINE_CACHE
    mkdir -p "$d"
    while [ "$d" != "/" ]; do
      if [ "$(( $(stat -c '%a' "$d") % 10 & 1 ))" = 0 ]; then
        if [ -n "$ENGINE_CACHE_GIVEN" ]; then
          log "ENGINE_CACHE=$ENGINE_CACHE is not traversable for $ENGINE_USER ($d is mode $(stat -c '%a' "$d")); chmod o+x it or choose another"
          exit 1
        fi
        ENGINE_CACHE=/var/tmp/aggproxy-engine; mkdir -p "$ENGINE_CACHE"; break
      fi
      d=$(dirname "$d")
    done
  fi
  mkdir -p "$ENGINE_CACHE"
  HOME_DIR="$ENGINE_CACHE/$FLAVOUR-$VERSION"
  RUN_DIR="$ENGINE_CACHE/run-$ENGINE_PORT"
  PID_FILE="$RUN_DIR/$FLAVOUR.pid"
  LOG_FILE="$RUN_DIR/$FLAVOUR.out"
}

# First JDK whose major version lies in [min, max]: OpenSearch 2.x needs 11..21 (never 24+,
# where the Security Manager it installs is gone); 3.x needs 21+.
find_jdk() {
  local min=$1 max=$2 d v
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$d" ] && [ -x "$d/bin/java" ] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
    v=${v%%.*}
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -le "$max" ]; then echo "$d"; return 0; fi
  done
  return 1
}

# Elasticsearch 8 needs 17+, 9 needs 21+.
jdk_for_version() {
  case "$FLAVOUR:$VERSION" in
    opensearch:2.*) find_jdk 11 21 ;;
    elasticsearch:8.*) find_jdk 17 99 ;;
    *) find_jdk 21 99 ;;
  esac
}

as_engine() {
  if [ "$(id -u)" = 0 ]; then
    id -u "$ENGINE_USER" >/dev/null 2>&1 ||
      useradd --system --no-create-home --shell /usr/sbin/nologin "$ENGINE_USER"
    setpriv --reuid="$ENGINE_USER" --regid="$ENGINE_USER" --init-groups -- "$@"
  else
    "$@"
  fi
}

# plugin-descriptor.properties is not inside the published module jar: write it, naming the
# class that really extends org.opensearch.plugins.Plugin (it was renamed between 2.x and 3.x).
write_painless_descriptor() {
  local dir="$HOME_DIR/modules/lang-painless" jdk cls jv
  jdk=$(find_jdk 11 99)
  for cls in org.opensearch.painless.PainlessModulePlugin org.opensearch.painless.PainlessPlugin; do
    if "$jdk/bin/javap" -cp "$dir/lang-painless-$OS_VERSION.jar" "$cls" 2>/dev/null |
        grep -q 'extends org.opensearch.plugins.Plugin'; then break; fi
    cls=""
  done
  [ -n "$cls" ] || { log "no plugin class found in lang-painless-$OS_VERSION.jar"; exit 1; }
  case "$OS_VERSION" in 2.*) jv=11 ;; *) jv=21 ;; esac
  cat > "$dir/plugin-descriptor.properties" <<PROPS
description=An easy, safe and fast scripting language for OpenSearch
version=$OS_VERSION
name=lang-painless
classname=$cls
java.version=$jv
opensearch.version=$OS_VERSION
has.native.controller=false
PROPS
  # without these grants the Security Manager (2.x) fails the first script compilation
  cat > "$dir/plugin-security.policy" <<'POLICY'
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
POLICY
}

cmd_fetch() {
  resolve_cache
  if [ "$FLAVOUR" = elasticsearch ]; then
    [ -x "$HOME_DIR/bin/elasticsearch" ] && return 0
    log "unpacking Elasticsearch $ES_VERSION from Maven Central into $HOME_DIR"
    rm -rf "$HOME_DIR" "$ENGINE_CACHE/maven-target-es"
    mvn -B -ntp -q -Dstyle.color=never -f "$REPO/engine/elasticsearch/pom.xml" generate-resources \
      -Delasticsearch.version="$ES_VERSION" -Dengine.root="$ENGINE_CACHE" >&2
    chmod +x "$HOME_DIR"/bin/*
    return 0
  fi
  if [ -x "$HOME_DIR/bin/opensearch" ] && [ -f "$HOME_DIR/modules/lang-painless/plugin-descriptor.properties" ]; then
    return 0
  fi
  log "assembling OpenSearch $OS_VERSION from Maven Central into $HOME_DIR"
  rm -rf "$HOME_DIR" "$ENGINE_CACHE/maven-target"
  mvn -B -ntp -q -Dstyle.color=never -f "$REPO/engine/opensearch/pom.xml" generate-resources \
    -Dopensearch.version="$OS_VERSION" -Dengine.root="$ENGINE_CACHE" -Dengine.home="$HOME_DIR" >&2
  chmod +x "$HOME_DIR"/bin/*
  write_painless_descriptor
}

is_healthy() {
  curl -fsS -m 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid=$(cat "$PID_FILE" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

cmd_start() {
  resolve_cache
  if is_healthy; then log "already running at $URL"; announce; return 0; fi
  local launcher=""
  if running_pid >/dev/null; then
    log "process running but not healthy yet; waiting"
  else
    cmd_fetch
    local jdk; jdk=$(jdk_for_version) || { log "no suitable JDK for $FLAVOUR $VERSION"; exit 1; }
    # a fresh node per run dir: config and data are per port, the distribution stays pristine
    rm -rf "$RUN_DIR"; mkdir -p "$RUN_DIR/config" "$RUN_DIR/data" "$RUN_DIR/logs" "$RUN_DIR/tmp"
    cp -r "$HOME_DIR"/config/. "$RUN_DIR/config/"
    { if [ -n "${ENGINE_CLUSTER:-}" ]; then
        # a node of a multi-node cluster (scripts/cluster.sh): its identity and discovery replace single-node
        grep -vE '^(discovery\.type|node\.name|cluster\.name):' "$REPO/engine/$FLAVOUR/$FLAVOUR.yml"
        printf '%s\n' "$ENGINE_CLUSTER"
      else cat "$REPO/engine/$FLAVOUR/$FLAVOUR.yml"; fi
      echo "http.port: $ENGINE_PORT"
      echo "transport.port: $((ENGINE_PORT + 100))"
      echo "path.data: $RUN_DIR/data"
      echo "path.logs: $RUN_DIR/logs"
    } > "$RUN_DIR/config/$FLAVOUR.yml"
    if [ "$(id -u)" = 0 ]; then as_engine true; chown -R "$ENGINE_USER:$ENGINE_USER" "$ENGINE_CACHE"; fi
    log "starting $FLAVOUR $VERSION on $URL (heap $ENGINE_HEAP, java $jdk)"
    # the launchers read only their own variables (OPENSEARCH_* / ES_*); an explicit heap matters,
    # Elasticsearch 8 would otherwise take half the machine's memory
    local prefix=OPENSEARCH; [ "$FLAVOUR" = elasticsearch ] && prefix=ES
    env -i PATH=/usr/bin:/bin HOME="$RUN_DIR" "${prefix}_JAVA_HOME=$jdk" \
      "${prefix}_PATH_CONF=$RUN_DIR/config" "${prefix}_TMPDIR=$RUN_DIR/tmp" \
      "${prefix}_JAVA_OPTS=-Xms$ENGINE_HEAP -Xmx$ENGINE_HEAP" \
      setsid bash -c "$(declare -f as_engine); ENGINE_USER=$ENGINE_USER; \
        as_engine '$HOME_DIR/bin/$BIN' -p '$PID_FILE'" > "$LOG_FILE" 2>&1 < /dev/null &
    launcher=$!
  fi
  local waited=0
  until is_healthy; do
    sleep 1; waited=$((waited + 1))
    if [ -n "$launcher" ] && ! kill -0 "$launcher" 2>/dev/null; then
      log "$FLAVOUR exited during start-up; last log lines:"; tail -n 60 "$LOG_FILE" >&2 || true; exit 1
    fi
    if [ "$waited" -ge "$ENGINE_TIMEOUT" ]; then
      log "not healthy after ${ENGINE_TIMEOUT}s; last log lines:"; tail -n 60 "$LOG_FILE" >&2 || true; exit 1
    fi
  done
  log "healthy after ${waited}s"
  announce
}

# The URL, for programs: in ENGINE_URL_FILE when given (written whole, then renamed into place),
# and as the one line this script prints on stdout.
announce() {
  if [ -n "${ENGINE_URL_FILE:-}" ]; then
    printf '%s\n' "$URL" > "$ENGINE_URL_FILE.tmp" && mv -f "$ENGINE_URL_FILE.tmp" "$ENGINE_URL_FILE"
  fi
  echo "$URL"
}

cmd_stop() {
  resolve_cache
  local pid
  if pid=$(running_pid); then
    # ENGINE_STOP_SIGNAL=KILL: a node lost abruptly, in-flight requests and all (scripts/cluster.sh kill-node)
    kill -"${ENGINE_STOP_SIGNAL:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  resolve_cache
  if is_healthy; then echo "running $FLAVOUR $VERSION at $URL"
  else echo "stopped ($FLAVOUR)"; return 3; fi
}

if [ "$FLAVOUR" = all ]; then
  case "${1:-}" in
    fetch|stop|status) rc=0
      for f in opensearch elasticsearch; do ENGINE_PORT= bash "$0" "$1" "$f" || rc=$?; done; exit $rc ;;
    *) echo "'all' works with fetch, stop and status" >&2; exit 2 ;;
  esac
fi

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 fetch|start|stop|status|url [opensearch|elasticsearch|all]" >&2; exit 2 ;;
esac
