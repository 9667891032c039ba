#!/usr/bin/env bash
# Ingest over HTTP into PostgreSQL and, in the same run, the pgbench
# baseline: the JSON API (token) and OpenRosa multipart (Basic with an API
# token, and with a password). Prints the benchmark lines, then two lines per
# benchmark: haven X/s against pgbench inserting minimal comparable rows
# (uuid key, JSONB answers, one transaction each), and against pgbench
# inserting the rows Haven itself stores (the submission with all its
# indexes and foreign keys, and its audit event), one transaction each.
#   scripts/bench-ingest.sh [postgres://…] [go test flags, e.g. -count 2 or -cpuprofile /tmp/cpu.prof]
set -euo pipefail
cd "$(dirname "$0")/.."
url=${HAVEN_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
if [[ ${1:-} == postgres://* || ${1:-} == postgresql://* ]]; then
	url=$1
	shift
fi
command -v pgbench >/dev/null || echo "pgbench is not installed: the benchmarks run without the baseline" >&2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
HAVEN_TEST_POSTGRES=$url go test ./server/ -run '^$' -bench 'Ingest(HTTP|OpenRosa)' -benchtime 1x -timeout 30m "$@" | tee "$out"
echo
awk '/^--- BENCH: / { name = $3 } /haven [0-9]+\/s, pgbench/ { sub(/^.*haven /, "haven "); print name ": " $0 }' "$out"
