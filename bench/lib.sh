# What the benchmark scripts share; sourced by bench/run.sh, bench/poll-scale.sh and bench/async-path.sh from the
# project root.
# Sets up: fail, require_tools, started processes stopped on exit, port checks, and the Caravan jar.

BENCH_NAME=$(basename "$0")

fail() {
    echo "$BENCH_NAME: $*" >&2
    exit 1
}

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || fail "$tool is needed"
    done
}

# ---- processes: started here, stopped here, whatever happens: add each background PID to STARTED_PIDS ------------
STARTED_PIDS=()
stop_started() {
    for pid in "${STARTED_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_started EXIT
trap 'exit 130' INT TERM

# stops one started process before the script ends, e.g. a baseline server once it has been measured
stop_process() {
    local pid=$1 kept=() started
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for started in "${STARTED_PIDS[@]}"; do
        [[ $started == "$pid" ]] || kept+=("$started")
    done
    STARTED_PIDS=("${kept[@]}")
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Caravan and the emulator would fail on a taken port anyway, but a benchmark that silently measured someone else's
# server would be worse than one that refuses to start
require_free_ports() {
    local port
    for port in "$@"; do
        if port_in_use "$port"; then
            fail "port $port is in use; choose others with CARAVAN_PORT / NODE_BASE_PORT"
        fi
    done
}

# target/caravan.jar and target/caravan-emulator.jar (the emulated nodes), built when missing
require_caravan_jar() {
    if [[ ! -f target/caravan.jar || ! -f target/caravan-emulator.jar ]]; then
        command -v mvn >/dev/null || fail "target/caravan.jar or target/caravan-emulator.jar is missing and mvn, which builds them, is not installed"
        echo "building target/caravan.jar and target/caravan-emulator.jar ..."
        mvn -B -q -DskipTests package
    fi
}

# start_emulated_nodes COUNT BASE_PORT SECRET DIR: emulated nodes bbb1..bbbCOUNT in one process, their
# "name url secret" lines in DIR/nodes.txt once all are listening (60 s at most); sets EMULATOR_PID
start_emulated_nodes() {
    local count=$1 base_port=$2 secret=$3 dir=$4
    java -Xmx1g -jar target/caravan-emulator.jar --nodes "$count" --base-port "$base_port" \
        --secret "$secret" --name-prefix bbb >"$dir/nodes.txt" 2>"$dir/emulator.log" &
    STARTED_PIDS+=($!)
    EMULATOR_PID=$!
    for _ in $(seq 1 600); do
        [[ $(wc -l <"$dir/nodes.txt") -ge $count ]] && return
        kill -0 "$EMULATOR_PID" 2>/dev/null || fail "the emulated nodes did not start, see $dir/emulator.log"
        sleep 0.1
    done
    fail "the emulated nodes did not start within 60 s"
}
