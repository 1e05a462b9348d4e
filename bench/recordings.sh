#!/usr/bin/env bash
# getRecordings over the recordings Caravan keeps (its database) against the same number only on a node (the index),
# measured in one run: bench/RecordingsBenchmark.java runs both Caravans and the emulated node in one JVM, one after
# the other, and prints each scenario's throughput and p99 and the ratios kept / index.
# Usage: bash bench/recordings.sh [--recordings 2000] [--seconds 10] [--concurrency 16]   (about a minute and a half)
# Results: stdout and bench/results/recordings-<time>/output.txt.
set -euo pipefail

cd "$(dirname "$0")/.."
source bench/lib.sh
require_tools java javac
require_caravan_jar
RESULTS="bench/results/recordings-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS" target/bench-classes
CLASSPATH="target/caravan.jar:target/caravan-emulator.jar"
javac -cp "$CLASSPATH" -d target/bench-classes bench/RecordingsBenchmark.java
echo "command: bash bench/recordings.sh $*" | tee "$RESULTS/output.txt"
java -Xmx2g -cp "target/bench-classes:$CLASSPATH" -Dlogback.configurationFile=bench/logback-quiet.xml \
    RecordingsBenchmark "$@" 2>"$RESULTS/log.txt" | tee -a "$RESULTS/output.txt"
