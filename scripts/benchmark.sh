#!/usr/bin/env bash
#
# scripts/benchmark.sh — install what is missing and run the benchmark command of KopanoPortal.
#
# Usage:
#   scripts/benchmark.sh [ARGS...]      e.g. scripts/benchmark.sh --users 2000 --tenants 50 --backends postgresql,sqlite,ldap
#
# Without ARGS it runs the target workload of issue 12: 100,000 users in 1,000 tenants, 20,000 of them in one tenant,
# on all four backends (meant to finish in under 20 minutes on 2 cores). ARGS go to the benchmark unchanged
# (scripts/benchmark.sh --help lists them too):
#   --users N        users in the directory at the end (default 100000); pages are measured at N/10 and at N
#   --tenants M      tenants, the benchmark's own included (default 1000)
#   --big-tenant B   users of the benchmark's own tenant, whose pages are measured (default N/5)
#   --create C       users created one at a time through the portal at each point (default 1000, at most B/10);
#                    the others are seeded in bulk (labelled "seeding", not measured)
#   --groups G       groups created through the portal in the benchmark's tenant, for the group page (default 100)
#   --runs R         measured repetitions of each request, median and p95 printed (default 15)
#   --warmup W       unmeasured repetitions first (default 3)
#   --page-size P    rows per page (default 25)
#   --backends LIST  comma-separated, of postgresql,mariadb,sqlite,ldap (default all four)
#   --circuits K     idle signed-in browser pages on the built portal, over SQLite (default 200; 0: none)
# Environment for the browser sessions: KOPANOPORTAL_BENCH_GC=server,workstation,conserve (which GC settings),
#   KOPANOPORTAL_BENCH_GCDUMP=DIR (dotnet-gcdump at K/2 and K pages: live KB per page),
#   KOPANOPORTAL_BENCH_HEAPSTAT=N (dotnet-dump's dumpheap -stat -live at both points: the N types that grew most per page)
#
# What it does, with scripts/test.sh's own functions (so both set up the same servers):
#   1. Installs the Debian packages scripts/test.sh installs, if any is missing.
#   2. Starts the private, throw-away PostgreSQL, slapd and MariaDB exactly as scripts/test.sh
#      does (KOPANOPORTAL_TEST_POSTGRES, KOPANOPORTAL_TEST_LDAP_* and KOPANOPORTAL_TEST_MARIADB
#      are exported to the benchmark).
#   3. Builds benchmarks/KopanoPortal.Benchmarks (Release) and runs it with ARGS. Per backend and request
#      (user pages first/middle/descending, user search, group page, tenant pages, audit page, resolving the actor) it
#      prints the portal's median and p95 ms, the managed KB it allocates per request, the median ms of the raw
#      server query that returns the same page (raw SQL through the driver, raw LDAP search) and the ratio
#      portal/raw, at N/10 and at N; the creation rate through the portal; the machine. It asserts nothing.
#      Its last line is: worst ratio portal/raw: R (operation, backend) at N users
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
    # The portal itself too: --circuits starts its built program.
    log "dotnet build $BENCH_PROJECT src/KopanoPortal.Web -c Release"
    dotnet build "$BENCH_PROJECT" -c Release -nologo -v quiet || die "build failed: benchmark not run"
    dotnet build src/KopanoPortal.Web -c Release -nologo -v quiet || die "build failed: benchmark not run"

    log "dotnet run -c Release --project $BENCH_PROJECT -- $*"
    dotnet run -c Release --no-build --project "$BENCH_PROJECT" -- "$@" || status=$?
    exit "$status"
}

load_test_functions
bench_main "$@"
