#!/usr/bin/env bash
# Runs every Haven test. It prepares what the tests need where it can:
#  - Chromium for the browser tests (installed from Debian's packages when
#    missing and this runs as root);
#  - PostgreSQL: started when installed but down, and a fresh database created
#    for this run (dropped at the end), so storage tests run on PostgreSQL as
#    well as on SQLite. HAVEN_TEST_POSTGRES, when set, is used instead.
# Under CI=true a missing PostgreSQL or browser fails the run; elsewhere the
# tests that need them are skipped with a loud message.
set -uo pipefail
cd "$(dirname "$0")/.."

ci=${CI:-}
fail() { echo "test.sh: $*" >&2; exit 1; }
warn() { echo "test.sh: WARNING: $*" >&2; }

# --- Chromium -------------------------------------------------------------
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing chromium from Debian's packages" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
      || warn "apt-get install chromium failed"
  fi
  if ! command -v chromium >/dev/null 2>&1; then
    [ "$ci" = true ] && fail "chromium is missing; browser tests cannot run"
    warn "chromium is missing: BROWSER TESTS WILL BE SKIPPED (apt-get install chromium)"
  fi
fi

# --- PostgreSQL -----------------------------------------------------------
created_db=""
pg_admin_url="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
if [ -z "${HAVEN_TEST_POSTGRES:-}" ]; then
  if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      echo "test.sh: starting PostgreSQL" >&2
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >&2 || warn "could not start PostgreSQL"
      for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
    fi
  fi
  if command -v psql >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    created_db="haven_test_$(date +%s)_$$"
    if psql "$pg_admin_url" -qAt -c "CREATE DATABASE $created_db" >/dev/null; then
      export HAVEN_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/$created_db?sslmode=disable"
      echo "test.sh: storage tests use a fresh PostgreSQL database, $created_db" >&2
    else
      created_db=""
    fi
  fi
fi
if [ -z "${HAVEN_TEST_POSTGRES:-}" ]; then
  [ "$ci" = true ] && fail "no PostgreSQL at 127.0.0.1:5432 and HAVEN_TEST_POSTGRES unset; storage tests must run on PostgreSQL"
  warn "no PostgreSQL: STORAGE TESTS RUN ON SQLITE ONLY (set HAVEN_TEST_POSTGRES=postgres://…)"
fi
cleanup() {
  if [ -n "$created_db" ]; then
    psql "$pg_admin_url" -qAt -c "DROP DATABASE IF EXISTS $created_db WITH (FORCE)" >/dev/null 2>&1
  fi
}
trap cleanup EXIT

# --- Go -------------------------------------------------------------------
mkdir -p test-output
echo "test.sh: go vet ./..." >&2
go vet ./... || fail "go vet found problems"

log=test-output/go-test.log
echo "test.sh: go test ./... (full log in $log)" >&2
go test -count=1 -v -timeout 20m ./... >"$log" 2>&1
status=$?
# Show everything but the per-test RUN/PASS chatter: failures, skips, logs
# and each package's closing line stay visible.
grep -vE '^\s*(=== (RUN|PAUSE|CONT|NAME)|--- PASS)' "$log"

pg_pass=$(grep -cE -- '--- PASS: .*/postgres( |/)' "$log")
pg_skip=$(grep -cE -- '--- SKIP: .*/postgres( |/)' "$log")
all_pass=$(grep -cE -- '--- PASS' "$log")
all_fail=$(grep -cE -- '--- FAIL' "$log")
all_skip=$(grep -cE -- '--- SKIP' "$log")
echo "storage tests on PostgreSQL: $pg_pass passed, $pg_skip skipped"
if [ "$ci" = true ] && { [ "$pg_pass" = 0 ] || [ "$pg_skip" != 0 ]; }; then
  fail "under CI every storage test must run on PostgreSQL"
fi
echo "summary: $all_pass passed, $all_fail failed, $all_skip skipped"
exit $status
