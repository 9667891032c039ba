#!/usr/bin/env bash
# The baseline for BenchmarkIngestHTTP: how many comparable rows (uuid key,
# JSONB answers, one transaction each) PostgreSQL itself inserts per second
# on this machine, with pgbench and 16 clients for 5 seconds.
#   scripts/bench-ingest-pgbench.sh [postgres://…]
set -euo pipefail
url=${1:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
db="haven_bench_$$"
psql "$url" -qAt -c "CREATE DATABASE $db" >/dev/null
trap 'psql "$url" -qAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
target=${url/\/postgres\?/\/$db\?}
psql "$target" -qAt -c "CREATE TABLE bench_submissions (id uuid PRIMARY KEY, instance_id text UNIQUE, answers jsonb NOT NULL, submitted_at timestamptz NOT NULL)"
script=$(mktemp)
cat > "$script" <<'SQL'
INSERT INTO bench_submissions VALUES (gen_random_uuid(), gen_random_uuid()::text, '{"org":"Org","beds":"3","kind":"ngo","where":"16.7 98.5 0 5"}'::jsonb, now());
SQL
pgbench -n -c 16 -j 2 -T 5 -f "$script" "$target" 2>/dev/null | grep -E "^tps|latency average"
rm -f "$script"
