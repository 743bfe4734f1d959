#!/usr/bin/env bash
# Cold-start smoke test, as a new user on a fresh machine: a fresh clone of this checkout with an
# EMPTY engine cache runs the README's `npm ci && npm start`, then the README's first curl example
# must answer 200 with the documented shape. Only the unpacked engine is cold: ~/.m2 and the npm
# cache are reused. Stops everything it started (the proxy, its engine) on success and on failure.
#
# Environment: SMOKE_PORT / SMOKE_ENGINE_PORT (free ones are picked otherwise; the engine also
# takes SMOKE_ENGINE_PORT+100 for transport), SMOKE_TIMEOUT (420 s for npm start), SMOKE_KEEP=1
# keeps the temp folder for a post-mortem.
set -euo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TIMEOUT=${SMOKE_TIMEOUT:-420}
say() { echo "[smoke] $*" >&2; }

# a free loopback port (and, for an engine, its transport port +100 free as well)
free_port() {
  node -e '
    const net = require("node:net");
    const free = (p) => new Promise((ok) => { const s = net.createServer().once("error", () => ok(false)).listen(p, "127.0.0.1", () => s.close(() => ok(true))); });
    (async () => {
      const pair = process.argv[1] === "pair";
      for (let i = 0; i < 200; i++) {
        const p = 20000 + Math.floor(Math.random() * 9000);
        if ((await free(p)) && (!pair || (await free(p + 100)))) { console.log(p); return; }
      }
      process.exit(1);
    })();' "$1"
}

PORT=${SMOKE_PORT:-$(free_port single)}
ENGINE_PORT=${SMOKE_ENGINE_PORT:-$(free_port pair)}
TMP=$(mktemp -d /tmp/aggproxy-smoke.XXXXXX)
# the engine runs as its own user when we are root: it must be able to traverse into the cache
chmod 755 "$TMP"
export ENGINE_CACHE=$TMP/engine ENGINE_PORT PORT
# a cold start means the local engine: nothing may point the demo at another one
unset AGGPROXY_ENGINE_URL AGGPROXY_ENGINE_FLAVOUR AGGPROXY_CONFIG
START_PID=""

cleanup() {
  local rc=$?
  if [ -n "$START_PID" ] && kill -0 "$START_PID" 2>/dev/null; then
    # npm start runs in its own process group: SIGTERM reaches npm, tsx and the proxy alike
    kill -TERM -- "-$START_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$START_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$START_PID" 2>/dev/null || true
  fi
  if [ -d "$TMP/repo" ]; then bash "$TMP/repo/scripts/engine.sh" stop opensearch || true; fi
  if [ "$rc" != 0 ]; then
    say "FAILED (exit $rc); last lines of npm start:"
    tail -n 40 "$TMP/start.log" >&2 2>/dev/null || true
  fi
  if [ "${SMOKE_KEEP:-}" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$(date +%s)
say "fresh clone of $SRC into $TMP/repo; engine cache $ENGINE_CACHE (empty); proxy :$PORT, engine :$ENGINE_PORT"
git clone -q "$SRC" "$TMP/repo"
cd "$TMP/repo"

# the README's first command, exactly: `npm ci && npm start`
setsid bash -c 'npm ci --no-audit --no-fund --prefer-offline && exec npm start' > "$TMP/start.log" 2>&1 < /dev/null &
START_PID=$!
waited=0
until grep -q 'aggproxy is listening' "$TMP/start.log" 2>/dev/null; do
  kill -0 "$START_PID" 2>/dev/null || { say "npm start exited before listening"; exit 1; }
  [ "$waited" -lt "$TIMEOUT" ] || { say "npm start not listening after ${TIMEOUT}s"; exit 1; }
  sleep 1; waited=$((waited + 1))
done
grep -q 'assembling OpenSearch' "$TMP/start.log" || { say "the engine cache was not cold (no assembly in the log)"; exit 1; }
say "npm ci && npm start listening after ${waited}s (engine assembled from an empty cache)"

# the README's first curl example (the block after "Then, for example:"), on our port
example=$(awk '/Then, for example:$/ {f=1; next} f && /^```bash/ {b=1; next} b && /^```/ {exit} b {print}' README.md)
[ -n "$example" ] || { say "no curl example found in README.md"; exit 1; }
example=${example//localhost:8080/localhost:$PORT}
status=$(eval "$example -o '$TMP/answer.json' -w '%{http_code}'")
[ "$status" = 200 ] || { say "README example answered HTTP $status: $(head -c 500 "$TMP/answer.json")"; exit 1; }
# the documented shape: {"results": [rows]}, each row its group key, its metric and its frequency
node -e '
  const a = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const rows = a.results;
  const ok = Array.isArray(rows) && rows.length > 0 && rows.length <= 5 &&
    rows.every((r) => typeof r.category === "string" && typeof r.avg_price === "number" && typeof r.frequency === "number");
  if (!ok) { console.error("unexpected answer: " + JSON.stringify(a).slice(0, 500)); process.exit(1); }
  console.error(`[smoke] README example: 200, ${rows.length} rows, first ${JSON.stringify(rows[0])}`);' "$TMP/answer.json"
say "passed in $(( $(date +%s) - t0 ))s"
