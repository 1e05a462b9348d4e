#!/usr/bin/env bash
# Measures what metrics cost per request (issue #10): joins driven with wrk against a Caravan whose Camel metrics
# (camel.metrics.*) are set one way or another, with 3 or 1,000 emulated nodes. A join is answered from the meeting
# directory (a 302, no node call), so it is the request whose cost metrics weigh most on. For each configuration a
# fresh Caravan is started, every node waited for until online, 6 meetings created, wrk run once to warm the JVM up,
# Caravan's idle CPU measured (polls only), then wrk measured: req/s, latency percentiles, and Caravan's CPU per join
# (from /proc, the idle CPU of the same length subtracted), and the number of series /metrics holds.
# Results go to stdout and bench/results/metrics-cost-<time>/ (summary.txt, wrk outputs, /metrics, logs).
# Usage: bash bench/metrics-cost.sh; NODES=1000 bash bench/metrics-cost.sh
# Settings (environment): NODES (3), CONFIGS (labels of OPTIONS below, in order; default: all-on no-exchange-events
# defaults camel-metrics-off), DURATION (20 s measured), WARMUP (15 s),
# CONNECTIONS (32), THREADS (2, wrk's), POLL_INTERVAL (10s), JAR (target/caravan.jar), CARAVAN_PORT (18290),
# NODE_BASE_PORT (23001, the nodes use NODES ports from there).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bench/lib.sh

COMMAND="bash bench/metrics-cost.sh"
for setting in NODES CONFIGS DURATION WARMUP CONNECTIONS THREADS POLL_INTERVAL JAR CARAVAN_PORT NODE_BASE_PORT; do
    if [[ -n "${!setting+set}" ]]; then
        COMMAND="$setting=\"${!setting}\" $COMMAND"
    fi
done
NODES=${NODES:-3}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-15}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
POLL_INTERVAL=${POLL_INTERVAL:-10s}
JAR=${JAR:-target/caravan.jar}
CARAVAN_PORT=${CARAVAN_PORT:-18290}
NODE_BASE_PORT=${NODE_BASE_PORT:-23001}
API_SECRET=bench-api-secret
NODE_SECRET=bench-node-secret
CARAVAN_URL="http://127.0.0.1:$CARAVAN_PORT"

# label -> the camel.metrics.* options Caravan is started with (application.properties otherwise; defaults: none)
declare -A OPTIONS=(
    [defaults]=""
    [all-on]="-Dcamel.metrics.enableExchangeEventNotifier=true -Dcamel.metrics.enableRoutePolicy=true"
    [no-exchange-events]="-Dcamel.metrics.enableExchangeEventNotifier=false -Dcamel.metrics.enableRoutePolicy=true"
    [no-exchange-events-route-level]="-Dcamel.metrics.enableExchangeEventNotifier=false -Dcamel.metrics.enableRoutePolicy=true -Dcamel.metrics.routePolicyLevel=route"
    [no-exchange-events-no-route-policy]="-Dcamel.metrics.enableExchangeEventNotifier=false -Dcamel.metrics.enableRoutePolicy=false"
    [camel-metrics-off]="-Dcamel.metrics.enabled=false"
)
CONFIGS=${CONFIGS:-all-on no-exchange-events defaults camel-metrics-off}
for config in $CONFIGS; do
    [[ -n "${OPTIONS[$config]+set}" ]] || fail "unknown configuration $config (known: ${!OPTIONS[*]})"
done

RESULTS="$ROOT/bench/results/metrics-cost-$(date +%Y%m%d-%H%M%S)"
TABLE="$RESULTS/table.md"
mkdir -p "$RESULTS"

require_tools java curl wrk sha256sum getconf awk
[[ -f $JAR && -f target/caravan-emulator.jar ]] || require_caravan_jar

WANTED_FILES=$((NODES * 6 + 4096))
if [[ $(ulimit -n) != unlimited && $(ulimit -n) -lt $WANTED_FILES ]]; then
    ulimit -n "$WANTED_FILES" 2>/dev/null || ulimit -n "$(ulimit -Hn)" ||
        fail "cannot raise the open files limit to $WANTED_FILES (ulimit -n is $(ulimit -n))"
fi
require_free_ports "$CARAVAN_PORT" $(seq "$NODE_BASE_PORT" $((NODE_BASE_PORT + NODES - 1)))
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

CLOCK_TICKS=$(getconf CLK_TCK)
cpu_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
json_number() {
    sed -n "s/.*\"$1\" *: *\([0-9]*\).*/\1/p" | head -n 1
}
signed_query() {
    local call=$1 query=$2
    printf '%s&checksum=%s' "$query" "$(printf '%s' "$call$query$API_SECRET" | sha256sum | cut -d' ' -f1)"
}

# ---- emulated nodes ------------------------------------------------------------------------------------------------
echo "starting $NODES emulated nodes ..."
start_emulated_nodes "$NODES" "$NODE_BASE_PORT" "$NODE_SECRET" "$RESULTS"
{
    echo "nodes:"
    while read -r name url secret; do
        printf '  - name: %s\n    url: %s\n    secret: %s\n' "$name" "$url" "$secret"
    done <"$RESULTS/nodes.txt"
} >"$RESULTS/inventory.yaml"

# ---- the joins wrk sends: 6 meetings x 50 attendees, signed once here -----------------------------------------------
MEETINGS=(bench-m1 bench-m2 bench-m3 bench-m4 bench-m5 bench-m6)
: >"$RESULTS/join-paths.txt"
for meeting in "${MEETINGS[@]}"; do
    for i in $(seq 1 50); do
        echo "/bigbluebutton/api/join?$(signed_query join "meetingID=$meeting&fullName=Attendee+$i&role=VIEWER")" \
            >>"$RESULTS/join-paths.txt"
    done
done
cat >"$RESULTS/joins.lua" <<EOF
-- each wrk thread has its own Lua state: each reads the paths and walks them from its own start
local paths = {}
for line in io.lines("$RESULTS/join-paths.txt") do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
EOF

printf '| configuration | nodes | series in /metrics | joins/s | p50 ms | p90 ms | p99 ms | non-3xx | Caravan CPU ms per 1000 joins | idle CPU %% of one core |\n' >"$TABLE"
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' >>"$TABLE"

wrk_latency() { # wrk --latency line for a percentile, in ms
    awk -v p="$1%" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$2"
}

measure() {
    local config=$1
    echo "[$config] starting Caravan with ${OPTIONS[$config]} ..."
    # shellcheck disable=SC2086 # the options are words on purpose
    java -Xmx1g \
        -Dcaravan.secret="$API_SECRET" \
        -Dcaravan.inventory="$RESULTS/inventory.yaml" \
        -Dcaravan.data-dir="$RESULTS/data-$config" \
        -Dcamel.server.host=127.0.0.1 \
        -Dcamel.server.port="$CARAVAN_PORT" \
        -Dcaravan.poll.interval="$POLL_INTERVAL" \
        -Dcaravan.recordings.enabled=false \
        ${OPTIONS[$config]} \
        -jar "$JAR" >"$RESULTS/caravan-$config.log" 2>&1 &
    STARTED_PIDS+=($!)
    local caravan=$! online=0
    for _ in $(seq 1 240); do
        kill -0 "$caravan" 2>/dev/null || fail "Caravan stopped, see $RESULTS/caravan-$config.log"
        online=$(curl -s --max-time 10 "$CARAVAN_URL/health" | json_number onlineNodes || true)
        [[ ${online:-0} -ge $NODES ]] && break
        sleep 0.5
    done
    [[ ${online:-0} -ge $NODES ]] || fail "only ${online:-0} of $NODES nodes online after 120 s"
    local meeting
    for meeting in "${MEETINGS[@]}"; do
        curl -s --max-time 10 "$CARAVAN_URL/bigbluebutton/api/create?$(signed_query create "meetingID=$meeting")" |
            grep -q '<returncode>SUCCESS</returncode>' || fail "create $meeting failed"
    done
    echo "[$config] warming up for $WARMUP s ..."
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${WARMUP}s" -s "$RESULTS/joins.lua" "$CARAVAN_URL" \
        >"$RESULTS/wrk-$config-warmup.txt"

    # what Caravan spends without requests (its polls) over as long as the measured run, subtracted from it
    local idle_start idle_end
    idle_start=$(cpu_ticks "$caravan")
    sleep "$DURATION"
    idle_end=$(cpu_ticks "$caravan")

    echo "[$config] measuring $DURATION s ..."
    local busy_start busy_end out="$RESULTS/wrk-$config.txt"
    busy_start=$(cpu_ticks "$caravan")
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --latency -s "$RESULTS/joins.lua" "$CARAVAN_URL" >"$out"
    busy_end=$(cpu_ticks "$caravan")
    curl -s --max-time 20 "$CARAVAN_URL/metrics" >"$RESULTS/metrics-$config.txt" || true

    local requests rps non3xx series
    requests=$(awk '/requests in/ { print $1 }' "$out")
    rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$out")
    non3xx=$(awk '/Non-2xx or 3xx/ { print $NF }' "$out")
    series=$(grep -cv '^#' "$RESULTS/metrics-$config.txt" || true)
    awk -v config="$config" -v nodes="$NODES" -v series="$series" -v rps="$rps" \
        -v p50="$(wrk_latency 50 "$out")" -v p90="$(wrk_latency 90 "$out")" -v p99="$(wrk_latency 99 "$out")" \
        -v non3xx="${non3xx:-0}" -v requests="$requests" -v ticks="$CLOCK_TICKS" -v duration="$DURATION" \
        -v busy=$((busy_end - busy_start)) -v idle=$((idle_end - idle_start)) 'BEGIN {
            printf "| %s | %d | %d | %s | %s | %s | %s | %s | %.0f | %.1f%% |\n", config, nodes, series, rps, p50, p90,
                p99, non3xx, (busy - idle) / ticks * 1000 / requests * 1000, 100 * idle / ticks / duration
        }' >>"$TABLE"
    tail -n 1 "$TABLE"
    kill "$caravan" 2>/dev/null || true
    wait "$caravan" 2>/dev/null || true
}

for config in $CONFIGS; do
    measure "$config"
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo
    echo "==== metrics cost per join: summary ===="
    echo "command     $COMMAND"
    echo "date        $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty 2>/dev/null || echo unknown), jar $JAR"
    echo "machine     $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
    echo "java        $(java -version 2>&1 | head -n 1)"
    echo "load avg    before $LOAD_BEFORE, after $LOAD_AFTER (1/5/15 min; other work on the machine shows here)"
    echo "setup       Caravan (-Xmx1g, caravan.poll.interval=$POLL_INTERVAL, recordings off) and $NODES emulated nodes on"
    echo "            loopback; wrk -t$THREADS -c$CONNECTIONS, ${WARMUP} s warm-up, ${DURATION} s measured, joins into 6 meetings"
    echo
    cat "$TABLE"
    echo
    echo "CPU per 1000 joins: Caravan's user+system CPU during the measured run minus its CPU over as long idle"
    echo "took ${SECONDS} s; details in ${RESULTS#"$ROOT"/}"
} | tee "$RESULTS/summary.txt"
