#!/usr/bin/env bash
# Measures what polling costs one Caravan instance with 1,000 BBB nodes (issue #6: does every instance poll, or one
# leader?). 1,000 emulated nodes run in one JVM on loopback ports, each holding 5 meetings of 20 attendees (created
# directly on the nodes with signed create and join calls); Caravan polls them with recordings off, so only the
# getMeetings polls are measured. For each poll interval (10 s, the default, then 5 s and 2 s) Caravan is started
# afresh, waited for until every node is online, warmed up, and then measured over a whole number of poll cycles:
# Caravan's and the nodes' CPU (from /proc), how long a cycle takes, its RSS and heap.
# Results go to stdout and bench/results/<time>/ (summary.txt, the nodes' answer sizes, /health snapshots, logs).
# Takes about 6 minutes on 2 cores. Usage: bash bench/poll-scale.sh
# Settings (environment): CARAVAN_PORT (18190), NODE_BASE_PORT (20001, the nodes use NODES ports from there),
# NODES (1000), MEETINGS (5 per node), ATTENDEES (20 per meeting), INTERVALS ("10 5 2", seconds),
# CYCLES (6, measured per interval), WARMUP (60, seconds of polling before measuring: the JIT needs several cycles),
# JAR (target/caravan.jar, e.g. an older build to compare with). Caravan runs with camel.metrics.enableRoutePolicy=true
# (off by default since issue #10): the cycle time is read from the poll-nodes route's timer.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bench/lib.sh

# the command line as given, with the settings that were overridden, so the summary can say how to repeat the run
COMMAND="bash bench/poll-scale.sh"
for setting in JAR WARMUP CYCLES INTERVALS ATTENDEES MEETINGS NODES NODE_BASE_PORT CARAVAN_PORT; do
    if [[ -n "${!setting+set}" ]]; then
        COMMAND="$setting=\"${!setting}\" $COMMAND"
    fi
done
CARAVAN_PORT=${CARAVAN_PORT:-18190}
NODE_BASE_PORT=${NODE_BASE_PORT:-20001}
NODES=${NODES:-1000}
MEETINGS=${MEETINGS:-5}
ATTENDEES=${ATTENDEES:-20}
INTERVALS=${INTERVALS:-10 5 2}
CYCLES=${CYCLES:-6}
WARMUP=${WARMUP:-60}
API_SECRET=bench-api-secret
NODE_SECRET=bench-node-secret
CARAVAN_URL="http://127.0.0.1:$CARAVAN_PORT"

RESULTS="$ROOT/bench/results/poll-scale-$(date +%Y%m%d-%H%M%S)"
TABLE="$RESULTS/table.md"
mkdir -p "$RESULTS"

require_tools java javac curl getconf awk

# Every node is a listening socket and a kept-alive connection on each side, plus the selectors of its own Vert.x
# instance: about 5 descriptors per node in the emulator and 2 in Caravan.
WANTED_FILES=$((NODES * 6 + 4096))
if [[ $(ulimit -n) != unlimited && $(ulimit -n) -lt $WANTED_FILES ]]; then
    ulimit -n "$WANTED_FILES" 2>/dev/null || ulimit -n "$(ulimit -Hn)" ||
        fail "cannot raise the open files limit to $WANTED_FILES (ulimit -n is $(ulimit -n))"
fi

require_free_ports "$CARAVAN_PORT" $(seq "$NODE_BASE_PORT" $((NODE_BASE_PORT + NODES - 1)))

# ---- build ---------------------------------------------------------------------------------------------------------
[[ -n "${JAR:-}" && -f target/caravan-emulator.jar ]] || require_caravan_jar
JAR=${JAR:-target/caravan.jar}
[[ -f $JAR ]] || fail "$JAR is missing"
mkdir -p target/bench-classes
javac -d target/bench-classes bench/PollScale.java

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- measuring tools -----------------------------------------------------------------------------------------------
CLOCK_TICKS=$(getconf CLK_TCK)
# user + system CPU of a process in clock ticks: fields 14 and 15 of /proc/PID/stat, counted after the command name
# (which may contain spaces)
cpu_ticks() {
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
status_kib() {
    awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"
}
now() {
    date +%s.%N
}
health() {
    curl -s --max-time 10 "$CARAVAN_URL/health" || true
}
# the growth of a Prometheus metric (summed over its series) between the window's two /metrics reads
metric_delta() {
    awk -v pattern="^$1" '$0 ~ pattern { if (FILENAME == ARGV[1]) before += $NF; else after += $NF }
        END { printf "%.6f", after - before }' "$metrics_start" "$metrics_end"
}
json_number() {
    sed -n "s/.*\"$1\" *: *\([0-9]*\).*/\1/p" | head -n 1
}

# ---- emulated nodes ------------------------------------------------------------------------------------------------
echo "starting $NODES emulated nodes ..."
start_emulated_nodes "$NODES" "$NODE_BASE_PORT" "$NODE_SECRET" "$RESULTS"

echo "creating $MEETINGS meetings with $ATTENDEES attendees on each node ..."
java -Xmx512m -cp target/bench-classes PollScale populate "$RESULTS/nodes.txt" "$MEETINGS" "$ATTENDEES" \
    | tee "$RESULTS/populate.txt"
ANSWER_BYTES=$(sed -n 's/^answer_bytes_total=//p' "$RESULTS/populate.txt")
[[ -n $ANSWER_BYTES ]] || fail "populating the nodes failed, see $RESULTS/populate.txt"

{
    echo "nodes:"
    while read -r name url secret; do
        printf '  - name: %s\n    url: %s\n    secret: %s\n' "$name" "$url" "$secret"
    done <"$RESULTS/nodes.txt"
} >"$RESULTS/inventory.yaml"

{
    printf '| interval | cycles | window s | Caravan CPU s | CPU s per cycle | %% of one core | cycle s (mean) '
    printf '| cycles in flight (mean) | nodes CPU s per cycle | RSS MiB (peak) | heap used MiB | threads '
    printf '| node poll ms (mean) | poll failures |\n'
} >"$TABLE"
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' >>"$TABLE"

# ---- one Caravan per poll interval ---------------------------------------------------------------------------------
measure_interval() {
    local interval=$1
    local tag="${interval}s"
    echo "[$tag] starting Caravan with caravan.poll.interval=$tag ..."
    # started from the repository root: it reads application.properties and routes/ from its working directory
    java -Xmx1g \
        -Dcaravan.secret="$API_SECRET" \
        -Dcaravan.inventory="$RESULTS/inventory.yaml" \
        -Dcaravan.data-dir="$RESULTS/data-$tag" \
        -Dcamel.server.host=127.0.0.1 \
        -Dcamel.server.port="$CARAVAN_PORT" \
        -Dcaravan.poll.interval="$tag" \
        -Dcaravan.recordings.enabled=false \
        -Dcamel.metrics.enableRoutePolicy=true \
        -jar "$JAR" >"$RESULTS/caravan-$tag.log" 2>&1 &
    STARTED_PIDS+=($!)
    local caravan=$!

    local started online=0
    started=$(now)
    for _ in $(seq 1 240); do
        kill -0 "$caravan" 2>/dev/null || fail "Caravan stopped, see $RESULTS/caravan-$tag.log"
        online=$(health | json_number onlineNodes)
        [[ ${online:-0} -ge $NODES ]] && break
        sleep 0.5
    done
    [[ ${online:-0} -ge $NODES ]] || fail "only ${online:-0} of $NODES nodes online after 120 s, see caravan-$tag.log"
    local took
    took=$(awk -v s="$started" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')
    echo "[$tag] all $NODES nodes online $took s after start; warming up for $WARMUP s ..."
    # the JVM starts cold: the first cycles include class loading and JIT compilation
    sleep "$WARMUP"

    # The window starts halfway between two cycles: right after a cycle count changes, plus half an interval. It then
    # spans exactly CYCLES intervals, so it holds CYCLES whole cycles when a cycle is shorter than the interval.
    local cycles_before cycles
    cycles_before=$(health | json_number pollCycles)
    for _ in $(seq 1 $((interval * 20 + 100))); do
        cycles=$(health | json_number pollCycles)
        [[ $cycles != "$cycles_before" ]] && break
        sleep 0.1
    done
    sleep "$(awk -v i="$interval" 'BEGIN { print i / 2 }')"

    echo "[$tag] measuring $CYCLES intervals ..."
    # Camel times every exchange of a route (camel_route_policy_seconds): for the route poll-nodes that is one cycle,
    # from the timer firing to the last node's answer handled. Read before and after the window, outside it.
    local metrics_start="$RESULTS/metrics-$tag-start.txt" metrics_end="$RESULTS/metrics-$tag-end.txt"
    curl -s --max-time 20 "$CARAVAN_URL/metrics" >"$metrics_start" || true
    local caravan_start nodes_start window_start
    caravan_start=$(cpu_ticks "$caravan")
    nodes_start=$(cpu_ticks "$EMULATOR_PID")
    window_start=$(now)
    sleep $((CYCLES * interval))
    local caravan_end nodes_end window_end rss_kib hwm_kib threads
    caravan_end=$(cpu_ticks "$caravan")
    nodes_end=$(cpu_ticks "$EMULATOR_PID")
    window_end=$(now)
    rss_kib=$(status_kib "$caravan" VmRSS)
    hwm_kib=$(status_kib "$caravan" VmHWM)
    threads=$(status_kib "$caravan" Threads)
    curl -s --max-time 20 "$CARAVAN_URL/metrics" >"$metrics_end" || true

    local cycles cycle_seconds polls poll_seconds failures heap_bytes
    cycles=$(metric_delta 'camel_route_policy_seconds_count[{].*routeId="poll-nodes"')
    cycle_seconds=$(metric_delta 'camel_route_policy_seconds_sum[{].*routeId="poll-nodes"')
    polls=$(metric_delta 'caravan_poll_duration_seconds_count')
    poll_seconds=$(metric_delta 'caravan_poll_duration_seconds_sum')
    failures=$(metric_delta 'caravan_poll_failures_total')
    heap_bytes=$(awk '/^jvm_memory_used_bytes[{].*area="heap"/ { s += $NF } END { printf "%.0f", s }' "$metrics_end")

    awk -v tag="$tag" -v cycles="$cycles" -v cycle_seconds="$cycle_seconds" \
        -v ws="$window_start" -v we="$window_end" -v ticks="$CLOCK_TICKS" \
        -v caravan=$((caravan_end - caravan_start)) -v nodes=$((nodes_end - nodes_start)) \
        -v polls="$polls" -v poll_seconds="$poll_seconds" -v failures="$failures" \
        -v rss="$rss_kib" -v hwm="$hwm_kib" -v heap="$heap_bytes" -v threads="$threads" 'BEGIN {
            window = we - ws
            per = cycles > 0 ? caravan / ticks / cycles : 0
            nodes_per = cycles > 0 ? nodes / ticks / cycles : 0
            cycle_mean = cycles > 0 ? cycle_seconds / cycles : 0
            poll_mean = polls > 0 ? poll_seconds / polls * 1000 : 0
            printf "| %s | %d | %.1f | %.2f | %.3f | %.1f%% | %.2f | %.2f | %.3f | %.0f (%.0f) | %.0f | %s | %.0f | %d |\n",
                tag, cycles, window, caravan / ticks, per, 100 * caravan / ticks / window, cycle_mean,
                cycle_seconds / window, nodes_per, rss / 1024, hwm / 1024, heap / 1048576, threads, poll_mean, failures
        }' >>"$TABLE"
    tail -n 1 "$TABLE"

    CARAVAN_ERRORS="$CARAVAN_ERRORS $tag: $(grep -cE ' (WARN|ERROR) ' "$RESULTS/caravan-$tag.log" || true)"
    kill "$caravan" 2>/dev/null || true
    wait "$caravan" 2>/dev/null || true
}

CARAVAN_ERRORS=""
for interval in $INTERVALS; do
    measure_interval "$interval"
done

# ---- summary -------------------------------------------------------------------------------------------------------
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
{
    echo
    echo "==== Caravan polling $NODES nodes: summary ===="
    echo "command     $COMMAND"
    echo "date        $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty 2>/dev/null || echo unknown)"
    echo "machine     $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
    echo "java        $(java -version 2>&1 | head -n 1)"
    echo "load avg    before $LOAD_BEFORE, after $LOAD_AFTER (1/5/15 min; other work on the machine shows here)"
    echo "setup       Caravan ($JAR, -Xmx1g, caravan.recordings.enabled=false, camel.metrics.enableRoutePolicy=true,"
    echo "            otherwise defaults) and $NODES emulated nodes"
    echo "            (one JVM) on this machine, loopback HTTP; each interval a fresh Caravan, ${WARMUP} s warm-up"
    grep -E '^(populated|getMeetings)' "$RESULTS/populate.txt" | sed 's/^/nodes       /'
    echo
    cat "$TABLE"
    echo
    echo "cycle s:    mean time from the poll timer firing to the last node's answer handled"
    echo "            (camel_route_policy_seconds of route poll-nodes); cycles in flight: the summed cycle time over"
    echo "            the window's length (above 1: cycles overlap); node poll ms: mean of caravan_poll_duration_seconds,"
    echo "            from the node's turn to its answer handled"
    echo "per cycle:  every node answers getMeetings once: $NODES requests and $ANSWER_BYTES bytes of answers"
    for interval in $INTERVALS; do
        awk -v b="$ANSWER_BYTES" -v n="$NODES" -v i="$interval" 'BEGIN {
            printf "            at %ss: %.1f getMeetings/s from this instance, %.2f MB/s of answers, %.2f polls/s %s\n",
                i, n / i, b / i / 1e6, 1 / i, "per node" }'
    done
    echo "caravan log WARN/ERROR lines:$CARAVAN_ERRORS"
    echo
    echo "took ${SECONDS} s; details in ${RESULTS#"$ROOT"/}"
} | tee "$RESULTS/summary.txt"
