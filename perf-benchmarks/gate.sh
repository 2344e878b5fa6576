#!/usr/bin/env bash
# The project's regression gate: runs a chosen subset of perf-benchmarks and compares it with the
# baseline kept in perf-benchmarks/baseline/gate.json, failing (exit 1) only on a significant
# slowdown beyond the thresholds below. A deliberate, longer run (about 4 minutes on 2 cores);
# not part of `./mvnw verify`. Build first: ./mvnw -B -q install -DskipTests
#
#   perf-benchmarks/gate.sh                 compare a fresh run with the baseline
#   perf-benchmarks/gate.sh --rebaseline    make a fresh run the new baseline
#   perf-benchmarks/gate.sh --calibrate     run twice and show the thresholds' false-alarm rate
set -euo pipefail
cd "$(dirname "$0")/.."

subset='TimerRecordBenchmark.perfkit$|ScrapeBenchmark.perfkit$|LabelsBenchmark.perfkit$|GateProbeBenchmark'
jmh_args=(-f 3 -wi 3 -w 1 -i 5 -r 1)
thresholds=(--fail-on 'slower>10%' --fail-on 'ScrapeBenchmark.*=slower>15%')

bench=perf-benchmarks/target/perf-benchmarks.jar
regress=$(ls perf-regress/target/perf-regress-*-cli.jar 2>/dev/null | head -n 1 || true)
if [ ! -f "$bench" ] || [ -z "$regress" ]; then
  echo "build first: ./mvnw -B -q install -DskipTests" >&2
  exit 2
fi

run() {
  local log="perf-benchmarks/target/gate/$(basename "$1" .json).log"
  java -jar "$bench" "$subset" "${jmh_args[@]}" -rf json -rff "$1" >"$log" 2>&1 \
    || { echo "benchmarks failed; see $log" >&2; exit 2; }
}

mkdir -p perf-benchmarks/target/gate
case "${1:-}" in
  --rebaseline)
    run perf-benchmarks/baseline/gate.json
    echo "new baseline: perf-benchmarks/baseline/gate.json"
    ;;
  --calibrate)
    run perf-benchmarks/target/gate/a.json
    run perf-benchmarks/target/gate/b.json
    java -jar "$regress" calibrate perf-benchmarks/target/gate/a.json perf-benchmarks/target/gate/b.json "${thresholds[@]}"
    ;;
  "")
    run perf-benchmarks/target/gate/candidate.json
    java -jar "$regress" compare perf-benchmarks/baseline/gate.json perf-benchmarks/target/gate/candidate.json \
      "${thresholds[@]}"
    ;;
  *)
    echo "usage: $0 [--rebaseline | --calibrate]" >&2
    exit 2
    ;;
esac
