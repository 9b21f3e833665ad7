#!/usr/bin/env bash
#
# scripts/benchmark.sh — install what is missing and run the benchmark command of KopanoPortal.
#
# Usage:
#   scripts/benchmark.sh [ARGS...]      e.g. scripts/benchmark.sh --users 5000
#
# ARGS go to the benchmark unchanged (scripts/benchmark.sh --help lists them too):
#   --users N        users created in one tenant (default 2000); pages are measured at N/10 and at N
#   --tenants M      tenants in the directory (default 200)
#   --runs R         measured repetitions of each request, median printed (default 9)
#   --warmup W       unmeasured repetitions first (default 2)
#   --page-size P    rows per page (default 25)
#   --backends LIST  comma-separated, of postgresql,mariadb,sqlite,ldap (default all four)
#
# What it does, with scripts/test.sh's own functions (so both set up the same servers):
#   1. Installs the Debian packages scripts/test.sh installs, if any is missing.
#   2. Starts the private, throw-away PostgreSQL, slapd and MariaDB exactly as scripts/test.sh
#      does (KOPANOPORTAL_TEST_POSTGRES, KOPANOPORTAL_TEST_LDAP_* and KOPANOPORTAL_TEST_MARIADB
#      are exported to the benchmark).
#   3. Builds benchmarks/KopanoPortal.Benchmarks (Release) and runs it with ARGS. It prints
#      figures only: creation rate, median ms and managed KB per page request at N/10 and at N,
#      actor resolution, the tenant list, working set. It asserts nothing.
#   4. Stops slapd, PostgreSQL and MariaDB and removes the temporary directory, whatever happened.
#
# Exit status: the benchmark's (0 when every backend was measured), or non-zero if setup or build failed.
set -euo pipefail

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly BENCH_ROOT
readonly BENCH_PROJECT="benchmarks/KopanoPortal.Benchmarks/KopanoPortal.Benchmarks.csproj"

# scripts/test.sh runs its main only when executed, so sourcing it gives its functions and REPO_ROOT.
load_test_functions() {
    local test_sh="$BENCH_ROOT/scripts/test.sh"
    [[ -r "$test_sh" ]] || { printf 'error: %s not found\n' "$test_sh" >&2; exit 1; }
    # shellcheck source=scripts/test.sh
    source "$test_sh"
}

bench_main() {
    local arg status=0
    for arg in "$@"; do
        if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
            sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$BENCH_ROOT/scripts/benchmark.sh"
            exit 0
        fi
    done

    cd "$REPO_ROOT"
    install_packages
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    make_work_dir
    start_postgres
    start_slapd
    start_mariadb

    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    log "dotnet build $BENCH_PROJECT -c Release"
    dotnet build "$BENCH_PROJECT" -c Release -nologo -v quiet || die "build failed: benchmark not run"

    log "dotnet run -c Release --project $BENCH_PROJECT -- $*"
    dotnet run -c Release --no-build --project "$BENCH_PROJECT" -- "$@" || status=$?
    exit "$status"
}

load_test_functions
bench_main "$@"
