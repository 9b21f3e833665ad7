#!/usr/bin/env bash
#
# scripts/test.sh — install what is missing and run every test of KopanoPortal.
#
# Usage:
#   scripts/test.sh                  build the solution and run all test projects
#   scripts/test.sh --filter EXPR    same, passing `--filter EXPR` to every `dotnet test`
#                                    (e.g. --filter "FullyQualifiedName~Ldap")
#
# What it does:
#   1. Installs the Debian packages the tests need (postgresql, slapd, ldap-utils,
#      chromium) with apt-get if any is missing (as root, or through sudo).
#   2. Starts a private, throw-away PostgreSQL in a fresh temporary directory,
#      listening only on 127.0.0.1 on a free port (never 5432), superuser `portal`
#      with a random password, and exports for the tests:
#        KOPANOPORTAL_TEST_POSTGRES  Npgsql connection string (tests create their own databases)
#        KOPANOPORTAL_CHROMIUM       path of the Chromium binary
#   3. Builds KopanoPortal.sln (Release) once, then runs `dotnet test` for every
#      tests/*/*.csproj in sorted order, continuing after a failing project.
#   4. Sums the counters of all .trx result files and prints one line:
#        N passed, N failed[, N skipped]
#
# Exit status: 0 only if the build and every test project succeeded, no test failed
# and at least one test was executed. PostgreSQL is stopped and the temporary
# directory removed on exit, whatever happened.
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PACKAGES=(postgresql slapd ldap-utils chromium)
readonly CHROMIUM=/usr/bin/chromium

FILTER=()           # optional `--filter EXPR` for dotnet test
WORK_DIR=""         # temporary directory (PostgreSQL data, socket, logs, test results)
PG_BIN=""           # directory of the PostgreSQL server binaries
PG_DATA=""          # PostgreSQL data directory
PG_STARTED=0
FAILED=0            # set to 1 when a build or a test project fails

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

parse_args() {
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --filter)
                [[ $# -ge 2 ]] || die "--filter needs an expression"
                FILTER=(--filter "$2")
                shift 2 ;;
            -h|--help)
                sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
                exit 0 ;;
            *)
                die "unknown argument: $1 (usage: $0 [--filter EXPR])" ;;
        esac
    done
}

# --- Debian packages ---------------------------------------------------------

package_installed() {
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

install_packages() {
    if ! command -v dpkg >/dev/null; then
        log "dpkg not found: not a Debian system, assuming ${PACKAGES[*]} are available"
        return
    fi
    local missing=() pkg
    for pkg in "${PACKAGES[@]}"; do
        package_installed "$pkg" || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return

    local sudo=()
    if ! is_root; then
        command -v sudo >/dev/null || die "missing packages (${missing[*]}) and not root, no sudo"
        sudo=(sudo)
    fi
    log "installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# --- private PostgreSQL ------------------------------------------------------

# Runs a PostgreSQL server command; as root it runs as the `postgres` system
# user, since initdb and postgres refuse to run as root.
as_pg() {
    if is_root; then
        (cd "$WORK_DIR" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

find_pg_bin() {
    local version
    version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$version" && -x "/usr/lib/postgresql/$version/bin/initdb" ]] \
        || die "no PostgreSQL server found under /usr/lib/postgresql"
    PG_BIN="/usr/lib/postgresql/$version/bin"
}

port_in_use() {
    local port="$1"
    if command -v ss >/dev/null; then
        [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

find_free_port() {
    local port
    for ((port = 55432; port < 55532; port++)); do
        if ! port_in_use "$port"; then
            echo "$port"
            return
        fi
    done
    die "no free TCP port in 55432-55531 for PostgreSQL"
}

random_password() {
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

make_work_dir() {
    WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/kopanoportal-test.XXXXXX")"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' system user"
        chown postgres:postgres "$WORK_DIR"
        runuser -u postgres -- test -w "$WORK_DIR" \
            || die "user postgres cannot reach $WORK_DIR; set TMPDIR to a world-accessible directory"
    fi
}

start_postgres() {
    local port password
    find_pg_bin
    port="$(find_free_port)"
    password="$(random_password)"
    PG_DATA="$WORK_DIR/pgdata"

    log "starting PostgreSQL ($PG_BIN) on 127.0.0.1:$port in $WORK_DIR"
    printf '%s\n' "$password" > "$WORK_DIR/pwfile"
    is_root && chown postgres:postgres "$WORK_DIR/pwfile"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U portal --pwfile="$WORK_DIR/pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C --no-sync >"$WORK_DIR/initdb.log" 2>&1 \
        || { cat "$WORK_DIR/initdb.log" >&2; die "initdb failed"; }
    rm -f "$WORK_DIR/pwfile"

    cat >> "$PG_DATA/postgresql.conf" <<CONF

# kopanoportal scripts/test.sh: private throw-away instance
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$WORK_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF

    PG_STARTED=1
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK_DIR/postgres.log" -W start >/dev/null
    wait_for_postgres "$port"

    export KOPANOPORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=portal;Password=$password;Database=postgres"
    export KOPANOPORTAL_CHROMIUM="$CHROMIUM"
}

wait_for_postgres() {
    local port="$1" i
    for ((i = 0; i < 60; i++)); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1; then
            return
        fi
        sleep 0.5
    done
    tail -n 30 "$WORK_DIR/postgres.log" >&2 || true
    die "PostgreSQL did not become ready on 127.0.0.1:$port within 30 s"
}

cleanup() {
    local status=$?
    if [[ "$PG_STARTED" -eq 1 && -f "$PG_DATA/postmaster.pid" ]]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 \
            || log "warning: could not stop PostgreSQL in $PG_DATA"
    fi
    if [[ -n "$WORK_DIR" ]]; then
        rm -rf "$WORK_DIR"
    fi
    exit "$status"
}

# --- build and tests ---------------------------------------------------------

build_solution() {
    log "dotnet build KopanoPortal.sln -c Release"
    dotnet build KopanoPortal.sln -c Release || { FAILED=1; return 1; }
}

run_test_projects() {
    local results="$WORK_DIR/results" project name
    local projects=()
    mkdir -p "$results"
    shopt -s nullglob
    projects=(tests/*/*.csproj)
    shopt -u nullglob
    [[ ${#projects[@]} -eq 0 ]] && { log "no test projects under tests/"; return; }

    mapfile -t projects < <(printf '%s\n' "${projects[@]}" | LC_ALL=C sort)
    for project in "${projects[@]}"; do
        name="$(basename "$project" .csproj)"
        log "dotnet test $project"
        dotnet test "$project" -c Release --no-build "${FILTER[@]}" \
            --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
            || { FAILED=1; log "FAILED: $project"; }
    done
}

# Prints the sum of one attribute of the <Counters .../> element over all .trx files.
sum_counter() {
    local attr="$1" total=0 value file
    while IFS= read -r -d '' file; do
        value="$(grep -o '<Counters [^>]*>' "$file" | head -n 1 \
                 | sed -n "s/.* $attr=\"\([0-9]*\)\".*/\1/p")"
        total=$((total + ${value:-0}))
    done < <(find "$WORK_DIR/results" -name '*.trx' -print0 2>/dev/null)
    echo "$total"
}

report() {
    local total executed passed failed skipped
    total="$(sum_counter total)"
    executed="$(sum_counter executed)"
    passed="$(sum_counter passed)"
    failed="$(sum_counter failed)"
    skipped=$((total - executed))

    local line="$passed passed, $failed failed"
    [[ "$skipped" -gt 0 ]] && line+=", $skipped skipped"
    echo
    echo "$line"

    if [[ "$executed" -eq 0 ]]; then
        log "zero tests were executed"
        FAILED=1
    fi
    [[ "$failed" -gt 0 ]] && FAILED=1
    return 0
}

main() {
    parse_args "$@"
    cd "$REPO_ROOT"
    install_packages
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    make_work_dir
    start_postgres

    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    if build_solution; then
        run_test_projects
    else
        log "build failed: tests not run"
    fi
    report
    exit "$FAILED"
}

main "$@"
