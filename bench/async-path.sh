#!/usr/bin/env bash
# Issue #10: what the request path costs, measured with wrk, each figure as a ratio to a baseline measured in the same
# run on the same machine:
#   (a) join through Caravan (3 nodes) vs a bare Vert.x server doing the same join (bench/BareJoin.java) and vs one
#       empty platform-http route in Caravan's jar answering a constant 302
#   (b) create through Caravan vs a bare Vert.x proxy forwarding the create to the same nodes (bench/BareProxy.java)
#   (c) create at 400 connections while bbb1 of 3 answers after 200 ms vs the same with healthy nodes: failed creates
#       and rate
#   (d) join with 1,000 nodes vs 3 nodes
#   (e) 1,000 nodes, then 30% of them hanging (accepting requests, never answering): join and create p99 vs idle,
#       failed creates, and the seconds from the hang until a meeting of a hung node is re-created on another node
# Every server, the emulated nodes and wrk run on this machine on 127.0.0.1. The requests are pre-signed (by
# bench/AsyncPath.java: wrk's Lua has no SHA) and bench/async-path.lua cycles through them and counts wrong answers.
# Prints one summary table (figure, baseline, ratio, target) and writes it, with wrk's outputs and every log, to
# bench/results/async-path-<time>/. Takes about 6 minutes on 2 cores; SHORT=1 is a smoke test of about 3 minutes.
# Usage: bash bench/async-path.sh
# Settings (environment): DURATION (12 s per measured wrk run), WARMUP (5 s), CONNECTIONS (32), WRK_THREADS (1),
# NODES (1000), HANG_PERCENT (30), SLOW_MS (200), MEETINGS (100 joined into), BASE_PORT (18490: the servers use the 5
# ports after it), NODE_BASE_PORT (19401, 3 nodes), LARGE_NODE_BASE_PORT (25001, NODES nodes), SHORT (0).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
source bench/lib.sh

COMMAND="bash bench/async-path.sh"
for setting in SHORT DURATION WARMUP CONNECTIONS WRK_THREADS NODES HANG_PERCENT SLOW_MS MEETINGS BASE_PORT \
    NODE_BASE_PORT LARGE_NODE_BASE_PORT; do
    if [[ -n "${!setting+set}" ]]; then
        COMMAND="$setting=${!setting} $COMMAND"
    fi
done
SHORT=${SHORT:-0}
if [[ $SHORT == 1 ]]; then
    DURATION=${DURATION:-3}
    WARMUP=${WARMUP:-1}
    NODES=${NODES:-100}
    MEETINGS=${MEETINGS:-20}
    CREATE_URLS=60000
else
    DURATION=${DURATION:-12}
    WARMUP=${WARMUP:-5}
    NODES=${NODES:-1000}
    MEETINGS=${MEETINGS:-100}
    # the bare proxy creates about 12,000 meetings a second here: a list used twice would measure duplicates
    CREATE_URLS=250000
fi
CONNECTIONS=${CONNECTIONS:-32}
MANY_CONNECTIONS=400
WRK_THREADS=${WRK_THREADS:-1}
HANG_PERCENT=${HANG_PERCENT:-30}
SLOW_MS=${SLOW_MS:-200}
BASE_PORT=${BASE_PORT:-18490}
NODE_BASE_PORT=${NODE_BASE_PORT:-19401}
LARGE_NODE_BASE_PORT=${LARGE_NODE_BASE_PORT:-25001}
# above caravan.node.timeout (10 s), so that wrk sees Caravan's own answer to a create that waited on a node
WRK_TIMEOUT=11s
# seconds wrk goes on after the runs that drain their requests stopped sending: longer than WRK_TIMEOUT
DRAIN=12
# how long the re-create in (e) may take before it counts as never, and each attempt's client timeout
RECREATE_LIMIT=60
RECREATE_ATTEMPT_TIMEOUT=2
JOIN_URLS=50000

EMPTY_PORT=$((BASE_PORT + 1))
BARE_JOIN_PORT=$((BASE_PORT + 2))
BARE_PROXY_PORT=$((BASE_PORT + 3))
CARAVAN_PORT=$((BASE_PORT + 4))
CARAVAN_LARGE_PORT=$((BASE_PORT + 5))
API_SECRET=bench-api-secret
NODE_SECRET=bench-node-secret

RESULTS="$ROOT/bench/results/async-path-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
RUNS="$RESULTS/runs.txt"
FIGURES="$RESULTS/figures.txt"
: >"$RUNS"
: >"$FIGURES"

require_tools java javac curl sha256sum getconf awk sed
if ! command -v wrk >/dev/null; then
    [[ $(id -u) == 0 ]] || fail "wrk is missing: apt-get install wrk (as root)"
    echo "installing wrk (Debian's package) ..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } >"$RESULTS/apt.log" 2>&1 ||
        fail "apt-get install wrk failed, see $RESULTS/apt.log"
fi

# every node is a listening socket and a kept-alive connection on each side; wrk holds 400 connections in (c)
WANTED_FILES=$((NODES * 6 + 4096))
if [[ $(ulimit -n) != unlimited && $(ulimit -n) -lt $WANTED_FILES ]]; then
    ulimit -n "$WANTED_FILES" 2>/dev/null || ulimit -n "$(ulimit -Hn)" ||
        fail "cannot raise the open files limit to $WANTED_FILES (ulimit -n is $(ulimit -n))"
fi
require_free_ports "$EMPTY_PORT" "$BARE_JOIN_PORT" "$BARE_PROXY_PORT" "$CARAVAN_PORT" "$CARAVAN_LARGE_PORT" \
    $(seq "$NODE_BASE_PORT" $((NODE_BASE_PORT + 2))) $(seq "$LARGE_NODE_BASE_PORT" $((LARGE_NODE_BASE_PORT + NODES - 1)))

# ---- build ---------------------------------------------------------------------------------------------------------
require_caravan_jar
# compiled once instead of by the source launcher at every start, which would compete for the CPU being measured
mkdir -p target/bench-classes
javac -nowarn -cp target/caravan.jar -d target/bench-classes bench/AsyncPath.java bench/BareJoin.java \
    bench/BareProxy.java bench/BareServer.java 2>"$RESULTS/javac.log" || { cat "$RESULTS/javac.log" >&2; fail "bench helpers do not compile"; }
HELPERS=(java -cp target/bench-classes AsyncPath)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- tools ---------------------------------------------------------------------------------------------------------
CLOCK_TICKS=$(getconf CLK_TCK)
cpu_seconds() {
    awk -v ticks="$CLOCK_TICKS" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / ticks }' "/proc/$1/stat" 2>/dev/null ||
        echo 0
}
now() {
    date +%s.%N
}
# busy and total clock ticks of all CPUs since boot (/proc/stat; idle and iowait are not busy): what every process on
# the machine used, ours and others'
machine_ticks() {
    awk '$1 == "cpu" { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}
signed_url() {
    local base=$1 call=$2 query=$3
    printf '%s/bigbluebutton/api/%s?%s&checksum=%s' "$base" "$call" "$query" \
        "$(printf '%s' "$call$query$API_SECRET" | sha256sum | cut -d' ' -f1)"
}
# the node a join through Caravan redirects to, by name, or "-" when it does not redirect
join_node() {
    local base=$1 meeting=$2 nodes_file=$3 location port
    location=$(curl -s -o /dev/null --max-time 5 -w '%{redirect_url}' \
        "$(signed_url "$base" join "fullName=Probe&meetingID=$meeting&role=VIEWER")" || true)
    port=$(echo "$location" | sed -nE 's#^http://[^/:]+:([0-9]+)/.*#\1#p')
    awk -v port="$port" '$2 ~ ":" port "/" { print $1; found = 1 } END { if (!found) print "-" }' "$nodes_file"
}
create_via() {
    local base=$1 meeting=$2 timeout=$3
    curl -s --max-time "$timeout" "$(signed_url "$base" create "name=Bench+$meeting&meetingID=$meeting&attendeePW=ap&moderatorPW=mp")" ||
        true
}

start_emulator() {
    local count=$1 base_port=$2 nodes_file=$3 log=$4
    : >"$nodes_file"
    java -Xmx1g -jar target/caravan-emulator.jar --nodes "$count" --base-port "$base_port" \
        --secret "$NODE_SECRET" --name-prefix bbb >"$nodes_file" 2>"$log" &
    STARTED_PIDS+=($!)
    EMULATOR_PID=$!
    for _ in $(seq 1 900); do
        [[ $(wc -l <"$nodes_file") -ge $count ]] && break
        kill -0 "$EMULATOR_PID" 2>/dev/null || fail "the emulated nodes did not start, see $log"
        sleep 0.1
    done
    [[ $(wc -l <"$nodes_file") -ge $count ]] || fail "the emulated nodes did not start within 90 s, see $log"
}
inventory_of() {
    echo "nodes:"
    while read -r name url secret; do
        printf '  - name: %s\n    url: %s\n    secret: %s\n' "$name" "$url" "$secret"
    done <"$1"
}

# Caravan as bench/run.sh starts it: from the repository root (application.properties, routes/), its own data dir
start_caravan() {
    local tag=$1 port=$2 inventory=$3
    shift 3
    java -Xmx1g \
        -Dcaravan.secret="$API_SECRET" \
        -Dcaravan.inventory="$inventory" \
        -Dcaravan.data-dir="$RESULTS/data-$tag" \
        -Dcamel.server.host=127.0.0.1 \
        -Dcamel.server.port="$port" \
        "$@" \
        -jar target/caravan.jar >"$RESULTS/caravan-$tag.log" 2>&1 &
    STARTED_PIDS+=($!)
    SERVER_PID=$!
}
# a Caravan with nodes is ready once a create succeeds: nodes take meetings only once they have been polled
await_create() {
    local base=$1 log=$2 probe
    probe="ready-$(date +%s%N)"
    for _ in $(seq 1 240); do
        kill -0 "$SERVER_PID" 2>/dev/null || fail "the server stopped, see $log"
        if create_via "$base" "$probe" 5 | grep -q '<returncode>SUCCESS</returncode>'; then
            return
        fi
        sleep 0.5
    done
    fail "no create succeeded within 120 s, see $log"
}
await_join() {
    local base=$1 log=$2
    for _ in $(seq 1 240); do
        kill -0 "$SERVER_PID" 2>/dev/null || fail "the server stopped, see $log"
        [[ $(curl -s -o /dev/null --max-time 5 -w '%{http_code}' \
            "$(signed_url "$base" join "fullName=Probe&meetingID=join-0&role=VIEWER")" || true) == 302 ]] && return
        sleep 0.25
    done
    fail "no join was answered 302 within 60 s, see $log"
}
await_online() {
    local base=$1 count=$2 online=0
    for _ in $(seq 1 240); do
        kill -0 "$SERVER_PID" 2>/dev/null || fail "Caravan stopped"
        online=$({ curl -s --max-time 10 "$base/health" || true; } |
            sed -n 's/.*"onlineNodes" *: *\([0-9]*\).*/\1/p' | sed -n 1p)
        [[ ${online:-0} -ge $count ]] && return
        sleep 0.5
    done
    fail "only ${online:-0} of $count nodes online after 120 s"
}
start_bare() {
    local class=$1 port=$2 log=$3
    shift 3
    java -Xmx1g -cp target/caravan.jar:target/bench-classes "$class" --port "$port" --secret "$API_SECRET" "$@" \
        >"$log" 2>&1 &
    STARTED_PIDS+=($!)
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        grep -q '^listening' "$log" && return
        kill -0 "$SERVER_PID" 2>/dev/null || fail "$class did not start, see $log"
        sleep 0.1
    done
    fail "$class did not start within 30 s, see $log"
}

create_urls() {
    local prefix=$1 count=$2
    "${HELPERS[@]}" urls create "$API_SECRET" sha256 "$RESULTS/urls-$prefix.txt" "$count" "$prefix"
    echo "$RESULTS/urls-$prefix.txt"
}
# ends every meeting on the nodes but those joined into, so that each create run starts from empty nodes
end_meetings() {
    "${HELPERS[@]}" end-all "$1" join- >>"$RESULTS/cleanup.txt"
}

# One wrk run: wrk's own latency histogram and the Lua script's counts, plus the CPU that wrk (bash's time: its user
# and system seconds), the server under test and the nodes used in it, as one "key=value ..." line in runs.txt.
# With "drain" the requests are sent for SECONDS and wrk runs DRAIN seconds longer, so that every request sent is
# answered or has waited longer than wrk's timeout (see bench/async-path.lua): there, a request never answered counts
# as failed. Without, wrk drops the requests in flight at its end (at most one per connection), which is fine when
# every answer comes fast. failed: wrong answers, answers after wrk's timeout, connect errors, and unanswered requests
# (drain) or read and write errors (no drain: the request is lost with the connection). good_per_s: right answers per
# second of sending.
wrk_run() {
    local label=$1 url=$2 paths=$3 expect=$4 connections=$5 seconds=$6 drain=${7:-} out=$RESULTS/wrk-$1.txt
    local server_before nodes_before machine_before timing window=() length=$6
    if [[ $drain == drain ]]; then
        window=("$seconds")
        length=$((seconds + DRAIN))
    fi
    server_before=$(cpu_seconds "$SERVER_PID")
    nodes_before=$(cpu_seconds "$EMULATOR_PID")
    machine_before=$(machine_ticks)
    TIMEFORMAT='%R %U %S'
    { time wrk -t"$WRK_THREADS" -c"$connections" -d"${length}s" --timeout "$WRK_TIMEOUT" --latency \
        -s bench/async-path.lua "$url" -- "$paths" "$expect" "$WRK_THREADS" "${window[@]}" >"$out" 2>&1 || true; } \
        2>"$RESULTS/time-$label.txt"
    timing=$(tail -n 1 "$RESULTS/time-$label.txt")
    grep -q '^RESULT ' "$out" || fail "wrk printed no result for $label, see $out"
    # a create list is used once (and is up to 45 MB); AsyncPath makes it again from its prefix
    [[ $expect == success ]] && rm -f "$paths"
    echo "$label $(sed -n 's/^RESULT //p' "$out") connections=$connections wall=${timing%% *}" \
        "wrk_cpu=$(echo "$timing" | awk '{ printf "%.2f", $2 + $3 }')" \
        "server_cpu=$(awk -v a="$server_before" -v b="$(cpu_seconds "$SERVER_PID")" 'BEGIN { printf "%.2f", b - a }')" \
        "nodes_cpu=$(awk -v a="$nodes_before" -v b="$(cpu_seconds "$EMULATOR_PID")" 'BEGIN { printf "%.2f", b - a }')" \
        "machine_busy=$(echo "$machine_before $(machine_ticks)" | awk '{ printf "%.3f", ($3 - $1) / ($4 - $2) }')" |
        awk '{
            for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            failed = v["failed_answers"] + v["timeouts"] + v["connect_errors"]
            if (v["window"] != "-") {
                failed += v["unanswered"]
                good = v["good_in_window"] / v["window"]
            } else {
                failed += v["read_errors"] + v["write_errors"]
                good = v["seconds"] > 0 ? (v["requests"] - v["failed_answers"] - v["timeouts"]) / v["seconds"] : 0
            }
            printf "%s failed=%d good_per_s=%.1f\n", $0, failed, (good < 0 ? 0 : good)
        }'
}
measure() {
    local line
    line=$(wrk_run "$@") || exit 1
    # a run whose nodes or server died (another session's cleanup, say) measured nothing worth a figure
    kill -0 "$EMULATOR_PID" 2>/dev/null || fail "the emulated nodes stopped during $1, see its wrk output"
    kill -0 "$SERVER_PID" 2>/dev/null || fail "the server under test stopped during $1, see its log"
    echo "$line" >>"$RUNS"
    echo "$line" | awk '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "  %-18s %7d answers, %6d failed, %6.0f good/s, p50 %7.2f ms, p99 %8.2f ms, wrk CPU %3.0f%%\n",
            $1, v["requests"], v["failed"], v["good_per_s"], v["p50_ms"], v["p99_ms"], 100 * v["wrk_cpu"] / v["wall"]
    }'
    if grep -q "^FIRST_FAILED" "$RESULTS/wrk-$1.txt"; then
        grep -m 1 '^FIRST_FAILED' "$RESULTS/wrk-$1.txt" | sed 's/^FIRST_FAILED /  first failed answer: /' | cut -c1-200
    fi
    if [[ $(echo "$line" | sed -n 's/.* wrapped=\([0-9]*\).*/\1/p') != 0 && $4 == success ]]; then
        echo "  note: the create list ran out and was reused: the last creates were duplicates"
    fi
}
warm_up() {
    wrk_run "warm-up-$1" "$2" "$3" "$4" "$CONNECTIONS" "$WARMUP" >>"$RESULTS/warm-up.txt"
}
slow_node() {
    curl -fsS --max-time 5 "$(echo "$1" | sed -E 's#^(http://[^/]+)/.*#\1#')/emulator/control?latencyMs=$2" >/dev/null
}

# ---- 3 nodes: (a), (b), (c) ----------------------------------------------------------------------------------------
echo "starting 3 emulated nodes ..."
NODES3="$RESULTS/nodes-3.txt"
start_emulator 3 "$NODE_BASE_PORT" "$NODES3" "$RESULTS/emulator-3.log"
inventory_of "$NODES3" >"$RESULTS/inventory-3.yaml"
"${HELPERS[@]}" urls join "$API_SECRET" sha256 "$RESULTS/urls-join.txt" "$JOIN_URLS" join "$MEETINGS"
JOINS="$RESULTS/urls-join.txt"
# the bare join's meeting map: join-i on the i-th node in turn (which node does not change its work)
awk -v m="$MEETINGS" '{ url[NR - 1] = $2; secret[NR - 1] = $3; n = NR }
    END { for (i = 0; i < m; i++) print "join-" i, url[i % n], secret[i % n] }' "$NODES3" \
    >"$RESULTS/bare-join-meetings.txt"

echo "(a) join: one empty platform-http route (Caravan's jar, routes/ replaced by one route) ..."
mkdir -p "$RESULTS/empty-route"
cat >"$RESULTS/empty-route/empty-join.camel.yaml" <<EOF
- route:
    id: empty-join
    description: The baseline of bench/async-path.sh - every join answered with a constant 302, nothing else
    from:
      uri: platform-http:/bigbluebutton/api/join
      steps:
        - removeHeaders:
            pattern: "*"
        - setHeader:
            name: CamelHttpResponseCode
            constant: 302
        - setHeader:
            name: Location
            constant: http://127.0.0.1:$NODE_BASE_PORT/bigbluebutton/api/join
        - setBody:
            simple: "\${null}"
EOF
start_caravan empty "$EMPTY_PORT" "$RESULTS/inventory-3.yaml" \
    -Dcamel.main.routes-include-pattern="file:$RESULTS/empty-route/*.camel.yaml"
await_join "http://127.0.0.1:$EMPTY_PORT" "$RESULTS/caravan-empty.log"
warm_up a-empty "http://127.0.0.1:$EMPTY_PORT" "$JOINS" redirect
measure a-empty-route-join "http://127.0.0.1:$EMPTY_PORT" "$JOINS" redirect "$CONNECTIONS" "$DURATION"
stop_process "$SERVER_PID"

echo "(a) join: bare Vert.x (bench/BareJoin.java) ..."
start_bare BareJoin "$BARE_JOIN_PORT" "$RESULTS/bare-join.log" --meetings "$RESULTS/bare-join-meetings.txt"
warm_up a-bare "http://127.0.0.1:$BARE_JOIN_PORT" "$JOINS" redirect
measure a-bare-join "http://127.0.0.1:$BARE_JOIN_PORT" "$JOINS" redirect "$CONNECTIONS" "$DURATION"
stop_process "$SERVER_PID"

echo "(a) join: Caravan, 3 nodes ..."
CARAVAN="http://127.0.0.1:$CARAVAN_PORT"
start_caravan caravan-3 "$CARAVAN_PORT" "$RESULTS/inventory-3.yaml"
await_create "$CARAVAN" "$RESULTS/caravan-caravan-3.log"
for i in $(seq 0 $((MEETINGS - 1))); do
    create_via "$CARAVAN" "join-$i" 10 | grep -q '<returncode>SUCCESS</returncode>' || fail "create of join-$i failed"
done
warm_up a-caravan "$CARAVAN" "$JOINS" redirect
warm_up b-caravan "$CARAVAN" "$(create_urls warm-3 "$CREATE_URLS")" success
end_meetings "$NODES3"
measure a-caravan-join "$CARAVAN" "$JOINS" redirect "$CONNECTIONS" "$DURATION"

echo "(b) create: Caravan, 3 nodes ..."
measure b-caravan-create "$CARAVAN" "$(create_urls b-caravan "$CREATE_URLS")" success "$CONNECTIONS" "$DURATION"
end_meetings "$NODES3"

echo "(c) create at $MANY_CONNECTIONS connections: Caravan, 3 healthy nodes ..."
measure c-healthy-create "$CARAVAN" "$(create_urls c-healthy "$CREATE_URLS")" success "$MANY_CONNECTIONS" \
    "$DURATION" drain
end_meetings "$NODES3"
read -r SLOW_NODE SLOW_URL _ <"$NODES3"
echo "(c) create at $MANY_CONNECTIONS connections: Caravan, $SLOW_NODE answers after $SLOW_MS ms ..."
slow_node "$SLOW_URL" "$SLOW_MS"
measure c-slow-create "$CARAVAN" "$(create_urls c-slow "$CREATE_URLS")" success "$MANY_CONNECTIONS" \
    "$DURATION" drain
slow_node "$SLOW_URL" 0
end_meetings "$NODES3"
CARAVAN3_WARNINGS=$(grep -cE ' (WARN|ERROR) ' "$RESULTS/caravan-caravan-3.log" || true)
stop_process "$SERVER_PID"

echo "(b) create: bare Vert.x proxy (bench/BareProxy.java) to the same 3 nodes ..."
start_bare BareProxy "$BARE_PROXY_PORT" "$RESULTS/bare-proxy.log" --nodes "$NODES3"
warm_up b-bare "http://127.0.0.1:$BARE_PROXY_PORT" "$(create_urls warm-bare "$CREATE_URLS")" success
end_meetings "$NODES3"
measure b-bare-create "http://127.0.0.1:$BARE_PROXY_PORT" "$(create_urls b-bare "$CREATE_URLS")" success \
    "$CONNECTIONS" "$DURATION"
stop_process "$SERVER_PID"
stop_process "$EMULATOR_PID"

# ---- NODES nodes: (d), (e) -----------------------------------------------------------------------------------------
echo "starting $NODES emulated nodes ..."
NODESN="$RESULTS/nodes-$NODES.txt"
start_emulator "$NODES" "$LARGE_NODE_BASE_PORT" "$NODESN" "$RESULTS/emulator-$NODES.log"
inventory_of "$NODESN" >"$RESULTS/inventory-$NODES.yaml"
CARAVAN="http://127.0.0.1:$CARAVAN_LARGE_PORT"
start_caravan "caravan-$NODES" "$CARAVAN_LARGE_PORT" "$RESULTS/inventory-$NODES.yaml"
await_online "$CARAVAN" "$NODES"
await_create "$CARAVAN" "$RESULTS/caravan-caravan-$NODES.log"
for i in $(seq 0 $((MEETINGS - 1))); do
    create_via "$CARAVAN" "join-$i" 10 | grep -q '<returncode>SUCCESS</returncode>' || fail "create of join-$i failed"
done
# the nodes of the joined meetings, which (e) does not hang: it measures what hung nodes do to the others' requests
for i in $(seq 0 $((MEETINGS - 1))); do
    join_node "$CARAVAN" "join-$i" "$NODESN"
done | sort -u >"$RESULTS/join-nodes.txt"
grep -qx -- - "$RESULTS/join-nodes.txt" && fail "a join through Caravan did not redirect to a node"
warm_up d-caravan "$CARAVAN" "$JOINS" redirect
warm_up e-caravan "$CARAVAN" "$(create_urls "warm-$NODES" "$CREATE_URLS")" success
end_meetings "$NODESN"

echo "(d) join: Caravan, $NODES nodes ..."
measure d-join-idle "$CARAVAN" "$JOINS" redirect "$CONNECTIONS" "$DURATION"
echo "(e) create: Caravan, $NODES nodes, idle ..."
measure e-create-idle "$CARAVAN" "$(create_urls e-idle "$CREATE_URLS")" success "$CONNECTIONS" "$DURATION" drain
end_meetings "$NODESN"

# a meeting on a node that hosts none of the joined meetings, to be re-created elsewhere once its node hangs
PROBE_NODE=-
for attempt in $(seq 1 30); do
    PROBE="recreate-$attempt"
    create_via "$CARAVAN" "$PROBE" 10 | grep -q '<returncode>SUCCESS</returncode>' || continue
    PROBE_NODE=$(join_node "$CARAVAN" "$PROBE" "$NODESN")
    grep -qx -- "$PROBE_NODE" "$RESULTS/join-nodes.txt" || break
done
[[ $PROBE_NODE != - ]] || fail "could not create the meeting to re-create"
HANG_COUNT=$(((NODES * HANG_PERCENT + 50) / 100))
# the probe's node, then nodes without joined meetings, then (only if there are too few) the others
{
    echo "$PROBE_NODE"
    awk 'NR == FNR { joined[$1] = 1; next } !joined[$1] { print $1 }' "$RESULTS/join-nodes.txt" "$NODESN"
    awk 'NR == FNR { joined[$1] = 1; next } joined[$1] { print $1 }' "$RESULTS/join-nodes.txt" "$NODESN"
} | awk -v count="$HANG_COUNT" '!seen[$1]++ && taken < count { print; taken++ }' >"$RESULTS/hung-nodes.txt"
awk 'NR == FNR { hung[$1] = 1; next } hung[$1] { sub(/\/bigbluebutton\/api$/, "", $2);
    print "url = \"" $2 "/emulator/control?mode=hang\""; print "output = /dev/null" }' \
    "$RESULTS/hung-nodes.txt" "$NODESN" >"$RESULTS/hang.curl"
PROBE_URL=$(awk -v n="$PROBE_NODE" '$1 == n { print $2 }' "$NODESN")

echo "(e) $HANG_COUNT of $NODES nodes hang (the first: $PROBE_NODE, which has meeting $PROBE) ..."
curl -fsS --max-time 5 "${PROBE_URL%/bigbluebutton/api}/emulator/control?mode=hang" >/dev/null
HUNG_AT=$(now)
curl -fsS --no-progress-meter --max-time 30 -Z --parallel-max 16 -K "$RESULTS/hang.curl" || fail "hanging the nodes failed"

# re-creates the probe meeting through Caravan, as an integration would, until it succeeds on another node
(
    attempts=0
    while :; do
        elapsed=$(awk -v s="$HUNG_AT" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }')
        if awk -v e="$elapsed" -v l="$RECREATE_LIMIT" 'BEGIN { exit !(e > l) }'; then
            echo "RECREATE seconds=none attempts=$attempts"
            break
        fi
        attempts=$((attempts + 1))
        answer=$(create_via "$CARAVAN" "$PROBE" "$RECREATE_ATTEMPT_TIMEOUT")
        node=-
        if grep -q '<returncode>SUCCESS</returncode>' <<<"$answer"; then
            node=$(join_node "$CARAVAN" "$PROBE" "$NODESN")
        fi
        key=$(sed -n 's/.*<messageKey>\([^<]*\)<.*/\1/p' <<<"$answer")
        echo "attempt $attempts at +$elapsed s: ${answer:+answered}${answer:-no answer within $RECREATE_ATTEMPT_TIMEOUT s}${key:+ $key}, joins go to $node"
        if [[ $node != - && $node != "$PROBE_NODE" ]]; then
            echo "RECREATE seconds=$(awk -v s="$HUNG_AT" -v e="$(now)" 'BEGIN { printf "%.2f", e - s }') attempts=$attempts node=$node"
            break
        fi
        sleep 0.2
    done
) >"$RESULTS/recreate.txt" 2>&1 &
STARTED_PIDS+=($!)
RECREATE_PID=$!

# the first seconds after the hang, while Caravan finds the hung nodes (calls that go unanswered, failed polls) ...
echo "(e) create: Caravan, $NODES nodes, $HANG_COUNT just hung ..."
measure e-create-hanging "$CARAVAN" "$(create_urls e-hanging "$CREATE_URLS")" success "$CONNECTIONS" "$DURATION" drain
echo "(e) join: Caravan, $NODES nodes, $HANG_COUNT hanging ..."
measure e-join-hung "$CARAVAN" "$JOINS" redirect "$CONNECTIONS" "$DURATION"
# ... and afterwards, with 30% of the nodes hanging: the state the targets are about
echo "(e) create: Caravan, $NODES nodes, $HANG_COUNT hanging ..."
measure e-create-hung "$CARAVAN" "$(create_urls e-hung "$CREATE_URLS")" success "$CONNECTIONS" "$DURATION" drain
echo "(e) waiting for the re-create of $PROBE (at most $RECREATE_LIMIT s after the hang) ..."
wait "$RECREATE_PID" 2>/dev/null || true
RECREATE=$(sed -n 's/^RECREATE seconds=\([^ ]*\).*/\1/p' "$RESULTS/recreate.txt")
RECREATE_NODE=$(sed -n 's/^RECREATE .*node=\([^ ]*\).*/\1/p' "$RESULTS/recreate.txt")
LARGE_WARNINGS=$(grep -cE ' (WARN|ERROR) ' "$RESULTS/caravan-caravan-$NODES.log" || true)
stop_process "$SERVER_PID"
stop_process "$EMULATOR_PID"

# ---- summary -------------------------------------------------------------------------------------------------------
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
# per run: good answers per second, failed requests (wrong answers, socket errors, wrk timeouts), latencies, and the
# CPU each process used as a share of one core
RUN_TABLE="$RESULTS/runs-table.txt"
awk -v cores="$(nproc)" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        wall = v["wall"]
        machine = 100 * (v["wrk_cpu"] + v["server_cpu"] + v["nodes_cpu"]) / (cores * wall)
        printf "| %s | %d | %s | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% |\n",
            $1, v["connections"], (v["window"] == "-" ? "no" : "yes"), v["sent"], v["requests"], v["failed"],
            v["good_per_s"], v["p50_ms"], v["p90_ms"], v["p99_ms"], v["max_ms"], 100 * v["wrk_cpu"] / wall,
            100 * v["server_cpu"] / wall, 100 * v["nodes_cpu"] / wall, machine, 100 * v["machine_busy"]
    }' "$RUNS" >"$RUN_TABLE"

# value KEY RUN: one figure of one run ("good" = good answers per second, "bad" = failed requests)
value() {
    awk -v key="$1" -v run="$2" -v cores="$(nproc)" '$1 == run {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (key == "good") printf "%.0f", v["good_per_s"]
        else if (key == "bad") printf "%d", v["failed"]
        else if (key == "wrk_share") printf "%.0f", 100 * v["wrk_cpu"] / v["wall"]
        else if (key == "machine_share") printf "%.0f", 100 * v["machine_busy"]
        else if (key == "others") {
            others = 100 * v["machine_busy"] - 100 * (v["wrk_cpu"] + v["server_cpu"] + v["nodes_cpu"]) / (cores * v["wall"])
            printf "%.0f", (others < 0 ? 0 : others)
        }
        else if (v["requests"] == 0 || v[key] == "NaN" || v[key] == "nan") printf "none"
        else printf "%s", v[key]
    }' "$RUNS"
}
# figure_row NAME MEASURED BASELINE TARGET MODE OTHERS: the ratio measured / baseline against the target ("RELATION
# LIMIT": ">= 0.5", "<= 1.5", "= 0"; empty: none); with MODE "value" the measured figure itself is held against the
# target, the baseline only shown (a count of failures compared with a count of zero has no ratio). OTHERS: the CPU
# that processes not started here took in the two runs.
figure_row() {
    awk -v name="$1" -v measured="$2" -v baseline="$3" -v target="$4" -v mode="$5" -v others="$6" 'BEGIN {
        split(target, t, " ")
        if (measured == "none" || (mode == "ratio" && (baseline == "none" || baseline + 0 == 0))) {
            ratio = "n/a"; compared = "n/a"
        } else if (mode == "value") {
            ratio = "-"; compared = measured
        } else {
            ratio = sprintf("%.2f", measured / baseline); compared = ratio
        }
        if (t[1] == "") met = "-"
        else if (compared == "n/a") met = "no"
        else if (t[1] == ">=") met = compared + 0 >= t[2] ? "yes" : "no"
        else if (t[1] == "<=") met = compared + 0 <= t[2] ? "yes" : "no"
        else met = compared + 0 == t[2] ? "yes" : "no"
        printf "| %s | %s | %s | %s | %s | %s | %s |\n", name, measured, baseline, ratio,
            (target == "" ? "-" : target), met, others
    }' >>"$FIGURES"
}
# figure NAME KEY RUN BASELINE_RUN TARGET [value]: KEY of RUN against KEY of BASELINE_RUN
figure() {
    figure_row "$1" "$(value "$2" "$3")" "$(value "$2" "$4")" "$5" "${6:-ratio}" \
        "$(value others "$3")% / $(value others "$4")%"
}
figure "(a) join req/s: Caravan (3 nodes) / bare Vert.x join" good a-caravan-join a-bare-join ">= 0.5"
figure "(a) join req/s: Caravan (3 nodes) / one empty platform-http route" good a-caravan-join a-empty-route-join ""
figure "(b) create req/s: Caravan / bare Vert.x proxy" good b-caravan-create b-bare-create ">= 0.5"
figure "(c) failed creates, $SLOW_NODE at $SLOW_MS ms, $MANY_CONNECTIONS connections (baseline: healthy)" \
    bad c-slow-create c-healthy-create "= 0" value
figure "(c) create req/s, $SLOW_NODE at $SLOW_MS ms / healthy, $MANY_CONNECTIONS connections" \
    good c-slow-create c-healthy-create ">= 0.8"
figure "(d) join req/s: $NODES nodes / 3 nodes" good d-join-idle a-caravan-join ">= 0.9"
figure "(e) join p99 ms: $HANG_PERCENT% of $NODES nodes hanging / idle" p99_ms e-join-hung d-join-idle "<= 1.5"
figure "(e) create p99 ms: $HANG_PERCENT% of $NODES nodes hanging / idle" p99_ms e-create-hung e-create-idle "<= 1.5"
figure "(e) failed creates, $HANG_PERCENT% of $NODES nodes hanging (baseline: idle)" \
    bad e-create-hung e-create-idle "= 0" value
figure "(e) failed creates in the first $DURATION s after the hang, while Caravan finds the hung nodes" \
    bad e-create-hanging e-create-idle "" value
figure_row "(e) seconds from the hang until a meeting of the hung $PROBE_NODE is re-created on another node" \
    "${RECREATE:-none}" "-" "<= 10" value "$(value others e-create-hung)% / -"

# Is the load generator the limit? wrk runs WRK_THREADS threads: near 100% of a core per thread it is saturated.
# The bare servers, driven with the same wrk settings, show how much more wrk can send than Caravan took.
wrk_check() {
    local run=$1 share busy
    share=$(value wrk_share "$run")
    busy=$(value machine_share "$run")
    if [[ $share -ge $((WRK_THREADS * 90)) ]]; then
        echo "  $run: wrk used ${share}% of one core with $WRK_THREADS thread(s): wrk may be the limit of this run" \
            "(machine ${busy}% busy)"
    else
        echo "  $run: wrk used ${share}% of one core with $WRK_THREADS thread(s): not saturated (machine ${busy}% busy)"
    fi
}

{
    echo
    echo "==== Caravan request path (issue #10): summary ===="
    echo "command     $COMMAND"
    echo "date        $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git describe --always --dirty 2>/dev/null || echo unknown)"
    echo "machine     $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
    echo "java        $(java -version 2>&1 | sed -n 1p); $(wrk -v 2>&1 | sed -n 1p | cut -d' ' -f1-2)"
    echo "load avg    before $LOAD_BEFORE, after $LOAD_AFTER (1/5/15 min; other work on the machine shows here)"
    echo "setup       wrk -t$WRK_THREADS, ${DURATION} s per run after ${WARMUP} s of warm-up per server, --timeout $WRK_TIMEOUT,"
    echo "            $CONNECTIONS connections ($MANY_CONNECTIONS in (c)); Caravan -Xmx1g with its defaults"
    echo "            (application.properties: poll interval 10 s, node timeout 5 s, stall-after 2 s,"
    echo "            200 calls in flight per node); joins into $MEETINGS meetings; every server, the nodes and wrk"
    echo "            on this machine, 127.0.0.1; Caravan log: $CARAVAN3_WARNINGS WARN/ERROR lines with 3 nodes,"
    echo "            $LARGE_WARNINGS with $NODES"
    echo
    echo "| figure | measured | baseline | ratio | target | met | others' CPU |"
    echo "|---|---:|---:|---:|---|---|---:|"
    cat "$FIGURES"
    echo
    echo "others' CPU: the share of the machine's $(nproc) cores that processes not started by this script used during"
    echo "the measured run / the baseline run (machine busy minus ours, from /proc/stat): a figure whose runs had"
    echo "different shares compares different machines."
    echo
    echo "Runs. drained: wrk sent for $DURATION s, then waited $DRAIN s more for the answers in flight. sent, answers:"
    echo "requests sent and answered. failed: wrong answers, answers after $WRK_TIMEOUT, connect errors, and (drained)"
    echo "requests never answered or (not drained) read/write errors. good/s: right answers per second of sending."
    echo "Latencies: wrk's histogram. CPU: share of one core over the run (drain included); ours: the three over"
    echo "$(nproc) cores; machine: every process on the machine over $(nproc) cores (/proc/stat), ours and others'."
    echo
    echo "| run | connections | drained | sent | answers | failed | good/s | p50 ms | p90 ms | p99 ms | max ms | wrk CPU | server CPU | nodes CPU | ours | machine |"
    echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    cat "$RUN_TABLE"
    echo
    echo "Load generator:"
    for run in a-empty-route-join a-bare-join a-caravan-join b-bare-create b-caravan-create d-join-idle; do
        wrk_check "$run"
    done
    awk -v bare="$(value good a-bare-join)" -v caravan="$(value good a-caravan-join)" \
        -v proxy="$(value good b-bare-create)" -v create="$(value good b-caravan-create)" 'BEGIN {
        if (caravan > 0) printf "  with the same wrk settings the bare join reached %.1fx Caravan'"'"'s join rate\n", bare / caravan
        if (create > 0) printf "  with the same wrk settings the bare proxy reached %.1fx Caravan'"'"'s create rate\n", proxy / create
    }'
    echo
    if [[ ${RECREATE:-none} == none ]]; then
        outcome="not re-created within $RECREATE_LIMIT s"
    else
        outcome="re-created on $RECREATE_NODE $RECREATE s after the hang"
    fi
    echo "Re-create of $PROBE (on $PROBE_NODE): $(grep -c '^attempt' "$RESULTS/recreate.txt" || true) attempts, each" \
        "with a ${RECREATE_ATTEMPT_TIMEOUT} s client timeout; $outcome (details in recreate.txt)"
    echo
    echo "took ${SECONDS} s; details in ${RESULTS#"$ROOT"/}"
} | tee "$RESULTS/summary.txt"
