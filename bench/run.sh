#!/usr/bin/env bash
# Benchmarks Caravan's BBB API end to end on this machine: 3 emulated BBB nodes and Caravan run as background
# processes on loopback ports, and bench/ApiBenchmark.java drives Caravan's API through these scenarios:
#   (a) create, all nodes healthy          (b) join, all nodes healthy
#   (c) create while bbb1 answers after 200 ms: placement still sends it a third of the meetings
#   (d) join while bbb1 answers after 2 s and 64 isMeetingRunning calls wait on it
#   (e) as (d) with 250 such calls: more than caravan.http.worker-threads (200), the threads running API requests
# Results go to stdout and bench/results/<time>/ (summary.md, output.txt, the logs of Caravan and the nodes).
# Takes about 2.5 minutes on 2 cores. Usage: bash bench/run.sh
# Settings (environment): CARAVAN_PORT (18090), NODE_BASE_PORT (19001, nodes use 3 ports from there), CONCURRENCY (32),
# STORE (caffeine; redis starts a redis-server on REDIS_PORT, 16379, and runs Caravan with caravan.store=redis).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bench/lib.sh

# the command line as given, with the settings that were overridden, so the summary can say how to repeat the run
COMMAND="bash bench/run.sh"
for setting in CONCURRENCY NODE_BASE_PORT CARAVAN_PORT STORE REDIS_PORT; do
    if [[ -n "${!setting+set}" ]]; then
        COMMAND="$setting=${!setting} $COMMAND"
    fi
done
CARAVAN_PORT=${CARAVAN_PORT:-18090}
NODE_BASE_PORT=${NODE_BASE_PORT:-19001}
CONCURRENCY=${CONCURRENCY:-32}
STORE=${STORE:-caffeine}
REDIS_PORT=${REDIS_PORT:-16379}
API_SECRET=bench-api-secret
NODE_SECRET=bench-node-secret
CARAVAN_URL="http://127.0.0.1:$CARAVAN_PORT"

RESULTS="$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)"
SUMMARY="$RESULTS/summary.md"
mkdir -p "$RESULTS"

require_tools java javac curl sha256sum getconf

PORTS=("$CARAVAN_PORT" $((NODE_BASE_PORT)) $((NODE_BASE_PORT + 1)) $((NODE_BASE_PORT + 2)))
[[ "$STORE" == redis ]] && PORTS+=("$REDIS_PORT")
require_free_ports "${PORTS[@]}"

# ---- build ---------------------------------------------------------------------------------------------------------
require_caravan_jar
# compiled once instead of by the source launcher for every scenario, which would compete with Caravan for the CPU
mkdir -p target/bench-classes
javac -d target/bench-classes bench/ApiBenchmark.java

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- emulated nodes ------------------------------------------------------------------------------------------------
java -Xmx512m -jar target/caravan-emulator.jar --nodes 3 --base-port "$NODE_BASE_PORT" \
    --secret "$NODE_SECRET" --name-prefix bbb >"$RESULTS/nodes.txt" 2>"$RESULTS/emulator.log" &
STARTED_PIDS+=($!)
EMULATOR_PID=$!
for _ in $(seq 1 300); do
    [[ $(wc -l <"$RESULTS/nodes.txt") -ge 3 ]] && break
    kill -0 "$EMULATOR_PID" 2>/dev/null || fail "the emulated nodes did not start, see $RESULTS/emulator.log"
    sleep 0.1
done
[[ $(wc -l <"$RESULTS/nodes.txt") -ge 3 ]] || fail "the emulated nodes did not start within 30 s"

{
    echo "nodes:"
    while read -r name url secret; do
        printf '  - name: %s\n    url: %s\n    secret: %s\n' "$name" "$url" "$secret"
    done <"$RESULTS/nodes.txt"
} >"$RESULTS/inventory.yaml"
read -r SLOW_NODE SLOW_NODE_URL _ <"$RESULTS/nodes.txt"
SLOW_NODE_AUTHORITY=$(echo "$SLOW_NODE_URL" | sed -E 's#^http://([^/]+)/.*#\1#')
SLOW_NODE_CONTROL="http://$SLOW_NODE_AUTHORITY/emulator/control"

# ---- Redis (STORE=redis) -------------------------------------------------------------------------------------------
STORE_OPTIONS=()
case "$STORE" in
    caffeine) ;;
    redis)
        command -v redis-server >/dev/null || fail "STORE=redis needs redis-server (apt-get install redis-server)"
        redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >"$RESULTS/redis.log" 2>&1 &
        STARTED_PIDS+=($!)
        for _ in $(seq 1 50); do
            port_in_use "$REDIS_PORT" && break
            sleep 0.1
        done
        port_in_use "$REDIS_PORT" || fail "redis-server did not start, see $RESULTS/redis.log"
        STORE_OPTIONS=(-Dcaravan.store=redis -Dcaravan.redis.url="redis://127.0.0.1:$REDIS_PORT")
        ;;
    *) fail "STORE must be caffeine or redis, not $STORE" ;;
esac

# ---- Caravan -------------------------------------------------------------------------------------------------------
# started from the repository root: it reads application.properties and routes/ from its working directory
java -Xmx1g \
    -Dcaravan.secret="$API_SECRET" \
    -Dcaravan.inventory="$RESULTS/inventory.yaml" \
    -Dcaravan.data-dir="$RESULTS/data" \
    -Dcamel.server.host=127.0.0.1 \
    -Dcamel.server.port="$CARAVAN_PORT" \
    -Dcaravan.poll.interval=1s \
    "${STORE_OPTIONS[@]}" \
    -jar target/caravan.jar >"$RESULTS/caravan.log" 2>&1 &
STARTED_PIDS+=($!)
CARAVAN_PID=$!

signed_call() {
    local call=$1 query=$2
    local checksum
    checksum=$(printf '%s' "$call$query$API_SECRET" | sha256sum | cut -d' ' -f1)
    curl -s --max-time 5 "$CARAVAN_URL/bigbluebutton/api/$call?$query&checksum=$checksum" || true
}

# nodes take meetings only once they have been polled, so Caravan is ready when a create succeeds
READY_PROBE="bench-ready-$(date +%s)"
ready=false
for _ in $(seq 1 120); do
    kill -0 "$CARAVAN_PID" 2>/dev/null || fail "Caravan stopped, see $RESULTS/caravan.log"
    if signed_call create "name=Bench+ready&meetingID=$READY_PROBE" | grep -q '<returncode>SUCCESS</returncode>'; then
        ready=true
        break
    fi
    sleep 0.5
done
$ready || fail "Caravan did not accept a create within 60 s, see $RESULTS/caravan.log"
signed_call end "meetingID=$READY_PROBE" >/dev/null
# polls run in parallel, but the first create may have come before every node's first answer was read
sleep 2

# ---- scenarios -----------------------------------------------------------------------------------------------------
CLOCK_TICKS=$(getconf CLK_TCK)
# user + system CPU seconds a process has used: fields 14 and 15 of /proc/PID/stat, counted after the command name
# (which may contain spaces)
cpu_seconds() {
    awk -v ticks="$CLOCK_TICKS" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / ticks }' "/proc/$1/stat"
}
now() {
    date +%s.%N
}

# On a small machine the load generator competes with Caravan for the CPU; what each process used per scenario
# tells whether a figure is Caravan's limit or the machine's.
CPU_TABLE="$RESULTS/cpu.md"
printf '| run | wall s | Caravan CPU s | nodes CPU s | load generator CPU s |\n|---|---:|---:|---:|---:|\n' \
    >"$CPU_TABLE"

benchmark() {
    local label=$1
    shift
    local caravan_before nodes_before started client_cpu
    caravan_before=$(cpu_seconds "$CARAVAN_PID")
    nodes_before=$(cpu_seconds "$EMULATOR_PID")
    started=$(now)
    java -Xmx512m -cp target/bench-classes ApiBenchmark --url "$CARAVAN_URL" --secret "$API_SECRET" \
        --concurrency "$CONCURRENCY" --summary-file "$SUMMARY" --label "$label" "$@" | tee "$RESULTS/scenario.txt"
    cat "$RESULTS/scenario.txt" >>"$RESULTS/output.txt"
    client_cpu=$(sed -n 's/^client CPU \([0-9.]*\) s.*/\1/p' "$RESULTS/scenario.txt")
    awk -v label="$label" -v started="$started" -v ended="$(now)" \
        -v caravan_before="$caravan_before" -v caravan_after="$(cpu_seconds "$CARAVAN_PID")" \
        -v nodes_before="$nodes_before" -v nodes_after="$(cpu_seconds "$EMULATOR_PID")" -v client="${client_cpu:-?}" \
        'BEGIN { printf "| %s | %.1f | %.1f | %.1f | %s |\n", label, ended - started,
                 caravan_after - caravan_before, nodes_after - nodes_before, client }' >>"$CPU_TABLE"
}
slow_node() {
    curl -fsS --max-time 5 "$SLOW_NODE_CONTROL?latencyMs=$1" >/dev/null
}

# Placement weighs the meeting counts of the last poll. After a scenario ends its meetings, a few poll cycles (up to
# 2 s each with the slow node) must pass before every scenario starts from the same picture: empty nodes.
settle() {
    sleep 5
}

# Caravan's JVM starts cold: without this, the first scenario would measure class loading and JIT compilation, which
# take whole seconds of CPU on 2 cores. Not reported, but kept in warm-up.txt.
echo "warming up Caravan (create, end and join paths) ..."
java -Xmx512m -cp target/bench-classes ApiBenchmark --url "$CARAVAN_URL" --secret "$API_SECRET" \
    --concurrency "$CONCURRENCY" --scenario create --warmup 0 --requests 1500 --max-seconds 20 \
    >"$RESULTS/warm-up.txt"
java -Xmx512m -cp target/bench-classes ApiBenchmark --url "$CARAVAN_URL" --secret "$API_SECRET" \
    --concurrency "$CONCURRENCY" --scenario join --warmup 0 --requests 5000 --max-seconds 20 \
    >>"$RESULTS/warm-up.txt"
settle

# A create run's meetings stay until its cleanup, and every poll reports them all, so polls get dearer as the run goes
# on; the counts are kept moderate (3300 meetings on 3 nodes is already far more than real nodes host).
benchmark "(a) create, 3 healthy nodes" --scenario create --warmup 300 --requests 3000 --max-seconds 20
settle
benchmark "(b) join, 3 healthy nodes" --scenario join --meetings 6 --warmup 1000 --requests 15000 --max-seconds 20
settle

slow_node 200
benchmark "(c) create, $SLOW_NODE answers after 200 ms" --scenario create --warmup 300 --requests 3000 \
    --max-seconds 20
slow_node 2000
settle
benchmark "(d) join, $SLOW_NODE answers after 2 s, 64 calls wait on it" --scenario join --meetings 6 \
    --warmup 1000 --requests 15000 --max-seconds 20 --hold-node "$SLOW_NODE_AUTHORITY" --hold-calls 64
settle
benchmark "(e) join, $SLOW_NODE answers after 2 s, 250 calls wait on it" --scenario join --meetings 6 \
    --warmup 100 --requests 5000 --max-seconds 15 --hold-node "$SLOW_NODE_AUTHORITY" --hold-calls 250
slow_node 0

# ---- summary -------------------------------------------------------------------------------------------------------
# the benchmark knows nodes by the address joins redirect to; the summary names them as the inventory does
while read -r name url _; do
    authority=$(echo "$url" | sed -E 's#^http://([^/]+)/.*#\1#')
    sed -i "s#$authority#$name#g" "$SUMMARY"
done <"$RESULTS/nodes.txt"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
CARAVAN_ERRORS=$(grep -cE ' (WARN|ERROR) ' "$RESULTS/caravan.log" || true)
{
    echo
    echo "==== Caravan API benchmark: summary ===="
    echo "command     $COMMAND"
    echo "date        $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty 2>/dev/null || echo unknown)"
    echo "machine     $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
    echo "java        $(java -version 2>&1 | head -n 1)"
    echo "load avg    before $LOAD_BEFORE, after $LOAD_AFTER (1/5/15 min; other work on the machine shows here)"
    echo "setup       Caravan, 3 emulated nodes and the load generator on this machine, loopback HTTP;"
    echo "            Caravan defaults except caravan.poll.interval=1s (worker-threads 200, 100 connections per node)"
    echo "store       caravan.store=$STORE$([[ "$STORE" == redis ]] && echo " (redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$REDIS_PORT, this machine)")"
    echo "load        closed loop, $CONCURRENCY requests in flight; latencies in ms from request sent to answer read"
    echo "caravan log $CARAVAN_ERRORS WARN/ERROR lines"
    echo
    cat "$SUMMARY"
    echo
    echo "CPU used per scenario (warm-up, setup and cleanup included):"
    cat "$CPU_TABLE"
    echo
    echo "took ${SECONDS} s; details in ${RESULTS#"$ROOT"/}"
} | tee "$RESULTS/summary.txt"
