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
#      chromium, mariadb-server) with apt-get if any is missing (as root, or through sudo).
#   2. Starts a private, throw-away PostgreSQL in a fresh temporary directory,
#      listening only on 127.0.0.1 on a free port (never 5432), superuser `portal`
#      with a random password, and exports for the tests:
#        KOPANOPORTAL_TEST_POSTGRES  Npgsql connection string (tests create their own databases)
#        KOPANOPORTAL_CHROMIUM       path of the Chromium binary
#   3. Starts a private, throw-away OpenLDAP slapd (/usr/sbin/slapd, never the system
#      one in /etc/ldap) with a fresh cn=config in the same directory: schemas core,
#      cosine, inetorgperson, nis and the project's ldap/kopano.ldif, one mdb database
#      for dc=kopano,dc=test holding only the base entry, listening on 127.0.0.1 on a
#      free port (53890-53989) and on an ldapi socket in the directory. It exports:
#        KOPANOPORTAL_TEST_LDAP_URI            ldap://127.0.0.1:PORT/
#        KOPANOPORTAL_TEST_LDAP_BIND_DN        cn=admin,dc=kopano,dc=test (the rootDN)
#        KOPANOPORTAL_TEST_LDAP_BIND_PASSWORD  random password of the rootDN
#        KOPANOPORTAL_TEST_LDAP_BASE           dc=kopano,dc=test
#        KOPANOPORTAL_TEST_SLAPD_CONFIG        the slapd.d configuration directory
#        KOPANOPORTAL_TEST_SLAPD_PORT_SPARE    another port that was free at start-up
#        KOPANOPORTAL_TEST_LDAPS_URI           ldaps://127.0.0.1:PORT/ (a certificate from a throw-away CA)
#        KOPANOPORTAL_TEST_LDAP_CA_DIR         that CA, as an OpenSSL hashed directory
#      cn=config accepts a simple bind as cn=config with the same password.
#      userPassword values are {SSHA} (slappasswd's default); simple binds check them.
#      Access: everyone reads everything except userPassword, which an entry may
#      change itself and anonymous may only bind with; the rootDN bypasses this.
#      A test that needs a second server (e.g. for failover) can copy the config
#      directory and start one with
#        cp -a "$KOPANOPORTAL_TEST_SLAPD_CONFIG" COPY
#        /usr/sbin/slapd -F COPY -h ldap://127.0.0.1:$KOPANOPORTAL_TEST_SLAPD_PORT_SPARE/ -d none
#      (-d keeps it in the foreground, so the test knows its pid; "none" logs errors only).
#      The copy uses the same mdb directory (LMDB allows several processes), so
#      both servers serve the same data; it also names the same pid and args files,
#      so the test must stop that server itself, by the pid of the process it started.
#   4. Starts a private, throw-away MariaDB (Debian's mariadb-server, never the system
#      instance or its /etc/mysql configuration: mariadb-install-db and mariadbd with
#      --no-defaults) in the same directory, listening only on 127.0.0.1 on a free port
#      (53306-53405) and on a socket in the directory, running as the current user (root
#      included). Character set utf8mb4 with collation utf8mb4_general_ci, as Debian's
#      packaged configuration sets them, so tables created without a charset or collation
#      come out as on a real Debian KC host. User `portal` (from 127.0.0.1 and localhost)
#      has a random password and every privilege, WITH GRANT OPTION. It exports:
#        KOPANOPORTAL_TEST_MARIADB   Server=127.0.0.1;Port=PORT;User ID=portal;Password=...
#                                    (no Database: tests create their own databases)
#   5. Builds KopanoPortal.sln (Release) once, then runs `dotnet test` for every
#      tests/*/*.csproj in sorted order, continuing after a failing project.
#   6. Sums the counters of all .trx result files and prints one line:
#        N passed, N failed[, N skipped]
#
# Exit status: 0 only if the build and every test project succeeded, no test failed
# and at least one test was executed. slapd, PostgreSQL and MariaDB are stopped and the
# temporary directory removed on exit, whatever happened.
set -euo pipefail

readonly REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly PACKAGES=(postgresql slapd ldap-utils chromium mariadb-server)
readonly CHROMIUM=/usr/bin/chromium
readonly SLAPD=/usr/sbin/slapd
readonly SLAPADD=/usr/sbin/slapadd
readonly SLAPPASSWD=/usr/sbin/slappasswd
readonly LDAP_MODULE_DIR=/usr/lib/ldap
readonly LDAP_SCHEMA_DIR=/etc/ldap/schema
readonly LDAP_SUFFIX="dc=kopano,dc=test"
readonly LDAP_ROOT_DN="cn=admin,$LDAP_SUFFIX"
readonly MARIADBD=/usr/sbin/mariadbd

FILTER=()           # optional `--filter EXPR` for dotnet test
WORK_DIR=""         # temporary directory (PostgreSQL, slapd and MariaDB data, sockets, logs, test results)
PG_BIN=""           # directory of the PostgreSQL server binaries
PG_DATA=""          # PostgreSQL data directory
PG_STARTED=0
SLAPD_PID=""        # pid of the private slapd once started
MARIADB_PID=""      # pid of the private mariadbd once started
MARIADB_SOCKET=""   # its Unix socket (root@localhost, no password, for set-up and shutdown)
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

# A port counts as in use when any socket holds it, not only a listener: these ranges lie inside Linux's ephemeral
# ports, and a listener cannot bind a port that an outgoing connection already uses as its local end.
port_in_use() {
    local port="$1"
    if command -v ss >/dev/null; then
        [[ -n "$(ss -Hatn "sport = :$port" 2>/dev/null)" ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# Prints the first port in FIRST..LAST that nothing listens on, skipping EXCLUDE.
find_free_port() {
    local first="$1" last="$2" what="$3" port
    local -a exclude=("${@:4}")
    for ((port = first; port <= last; port++)); do
        [[ " ${exclude[*]} " == *" $port "* ]] && continue
        if ! port_in_use "$port"; then
            echo "$port"
            return
        fi
    done
    die "no free TCP port in $first-$last for $what"
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
    port="$(find_free_port 55432 55531 PostgreSQL)"
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

# --- private slapd -----------------------------------------------------------

# Percent-encodes every byte of $1 except letters, digits and "-._~" (so "/" too).
urlencode() {
    local LC_ALL=C s="$1" out="" c i
    for ((i = 0; i < ${#s}; i++)); do
        c="${s:i:1}"
        case "$c" in
            [A-Za-z0-9._~-]) out+="$c" ;;
            *) out+="$(printf '%%%02X' "'$c")" ;;
        esac
    done
    printf '%s' "$out"
}

file_url() {
    local encoded
    encoded="$(urlencode "$1")"
    printf 'file://%s' "${encoded//%2F//}"
}

# Prints the cn=config LDIF of the private slapd; $1 is the {SSHA} hash of the
# password of both rootDNs (cn=config and $LDAP_ROOT_DN).
slapd_config_ldif() {
    local hash="$1" schema
    cat <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $WORK_DIR/slapd.pid
olcArgsFile: $WORK_DIR/slapd.args
olcLogLevel: none
olcTLSCACertificateFile: $WORK_DIR/tls/ca/ca.pem
olcTLSCertificateFile: $WORK_DIR/tls/server.pem
olcTLSCertificateKeyFile: $WORK_DIR/tls/server.key

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: $LDAP_MODULE_DIR
olcModuleLoad: back_mdb
olcModuleLoad: sssvlv

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

LDIF
    for schema in core cosine inetorgperson nis; do
        printf 'include: %s\n\n' "$(file_url "$LDAP_SCHEMA_DIR/$schema.ldif")"
    done
    printf 'include: %s\n\n' "$(file_url "$REPO_ROOT/ldap/kopano.ldif")"
    cat <<LDIF
dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcPasswordHash: {SSHA}

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcRootDN: cn=config
olcRootPW: $hash
olcAccess: {0}to * by dn.exact=gidNumber=$(id -g)+uidNumber=$(id -u),cn=peercred,cn=external,cn=auth manage by * break

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $LDAP_SUFFIX
olcRootDN: $LDAP_ROOT_DN
olcRootPW: $hash
olcDbDirectory: $WORK_DIR/ldapdata
olcDbMaxSize: 1073741824
olcDbNoSync: TRUE
olcDbIndex: objectClass eq
olcDbIndex: uid eq,sub
olcDbIndex: cn eq,sub
olcDbIndex: ou eq,sub
olcDbIndex: uidNumber eq
olcDbIndex: gidNumber eq
olcDbIndex: memberUid eq
olcDbIndex: mail eq,sub
olcDbIndex: entryUUID eq
olcDbIndex: kopanoAdminPrivilege eq
olcDbIndex: kopanoViewPrivilege eq
olcSizeLimit: unlimited
olcAccess: {0}to attrs=userPassword,shadowLastChange by self write by anonymous auth by * none
olcAccess: {1}to * by * read

# Server-side sort and virtual list view (RFC 2891, draft-ietf-ldapext-ldapv3-vlv): the portal's user and tenant
# pages ask slapd for one sorted window and its total (README, LDAP section). Without the overlay the portal
# falls back to sorting names itself. MaxPerConn covers the portal's pooled connections, each of which starts a
# fresh sort context for every page (see LdapSortedPages.cs).
dn: olcOverlay={0}sssvlv,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcSssVlvConfig
olcOverlay: {0}sssvlv
olcSssVlvMax: 64
olcSssVlvMaxKeys: 2
olcSssVlvMaxPerConn: 16
LDIF
}

# True while the private slapd runs; an exited child that is not yet reaped
# (a zombie) counts as stopped.
slapd_running() {
    [[ -n "$SLAPD_PID" ]] && kill -0 "$SLAPD_PID" 2>/dev/null || return 1
    local stat
    stat="$(cat "/proc/$SLAPD_PID/stat" 2>/dev/null)" || return 0
    [[ "${stat##*) }" != Z* ]]
}

# A throw-away CA and a server certificate for 127.0.0.1/localhost, so the
# tests can check that ldaps:// and StartTLS verify the server against a CA
# directory (in OpenSSL's hashed layout) and refuse it without one.
make_tls_material() {
    local tls="$WORK_DIR/tls"
    mkdir -p "$tls/ca"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=KopanoPortal test CA" \
        -keyout "$tls/ca.key" -out "$tls/ca/ca.pem" >/dev/null 2>&1 || die "openssl could not make the test CA"
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$tls/server.key" -out "$tls/server.csr" >/dev/null 2>&1 || die "openssl could not make the server key"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$tls/san.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
        -days 2 -extfile "$tls/san.ext" -out "$tls/server.pem" >/dev/null 2>&1 || die "openssl could not sign the server certificate"
    openssl rehash "$tls/ca" >/dev/null 2>&1 || c_rehash "$tls/ca" >/dev/null 2>&1 || die "could not hash the test CA directory"
    chmod -R go+rX "$tls"
}

start_slapd() {
    local port tls_port spare password hash socket bin
    for bin in "$SLAPD" "$SLAPADD" "$SLAPPASSWD"; do
        [[ -x "$bin" ]] || die "$bin not found (Debian package slapd)"
    done
    command -v ldapsearch >/dev/null || die "ldapsearch not found (Debian package ldap-utils)"
    [[ -r "$REPO_ROOT/ldap/kopano.ldif" ]] || die "$REPO_ROOT/ldap/kopano.ldif not found"

    port="$(find_free_port 53890 53989 slapd)"
    tls_port="$(find_free_port 53890 53989 "slapd (ldaps)" "$port")"
    password="$(random_password)"
    make_tls_material
    hash="$("$SLAPPASSWD" -h '{SSHA}' -s "$password")"
    socket="$WORK_DIR/ldapi"

    log "starting slapd ($SLAPD) on 127.0.0.1:$port in $WORK_DIR"
    mkdir -m 700 "$WORK_DIR/slapd.d" "$WORK_DIR/ldapdata"
    slapd_config_ldif "$hash" > "$WORK_DIR/slapd-config.ldif"
    "$SLAPADD" -n 0 -F "$WORK_DIR/slapd.d" -l "$WORK_DIR/slapd-config.ldif" \
        >"$WORK_DIR/slapadd.log" 2>&1 \
        || { cat "$WORK_DIR/slapadd.log" >&2; die "slapadd of the slapd configuration failed"; }

    # -d keeps slapd in the foreground, so $! is slapd itself; "none" logs only
    # start-up errors and the like, no per-operation lines.
    "$SLAPD" -F "$WORK_DIR/slapd.d" -h "ldap://127.0.0.1:$port/ ldaps://127.0.0.1:$tls_port/ ldapi://$(urlencode "$socket")/" \
        -d none </dev/null >"$WORK_DIR/slapd.log" 2>&1 &
    SLAPD_PID=$!
    wait_for_slapd "$port"
    add_ldap_base "$port" "$password"
    spare="$(find_free_port 53890 53989 "a spare slapd" "$port" "$tls_port")"

    export KOPANOPORTAL_TEST_LDAP_URI="ldap://127.0.0.1:$port/"
    export KOPANOPORTAL_TEST_LDAPS_URI="ldaps://127.0.0.1:$tls_port/"
    export KOPANOPORTAL_TEST_LDAP_CA_DIR="$WORK_DIR/tls/ca"
    export KOPANOPORTAL_TEST_LDAP_BIND_DN="$LDAP_ROOT_DN"
    export KOPANOPORTAL_TEST_LDAP_BIND_PASSWORD="$password"
    export KOPANOPORTAL_TEST_LDAP_BASE="$LDAP_SUFFIX"
    export KOPANOPORTAL_TEST_SLAPD_CONFIG="$WORK_DIR/slapd.d"
    export KOPANOPORTAL_TEST_SLAPD_PORT_SPARE="$spare"
}

wait_for_slapd() {
    local port="$1" i
    for ((i = 0; i < 60; i++)); do
        if ! slapd_running; then
            tail -n 30 "$WORK_DIR/slapd.log" >&2 || true
            die "slapd exited during start-up"
        fi
        # timeout: something else might accept on the port and never answer.
        if timeout 5 ldapsearch -x -H "ldap://127.0.0.1:$port/" -o nettimeout=2 -b "" -s base \
               >/dev/null 2>&1; then
            return
        fi
        sleep 0.5
    done
    tail -n 30 "$WORK_DIR/slapd.log" >&2 || true
    die "slapd did not answer on 127.0.0.1:$port within 30 s"
}

add_ldap_base() {
    local port="$1" password="$2"
    if ! ldapadd -x -H "ldap://127.0.0.1:$port/" -D "$LDAP_ROOT_DN" -w "$password" \
            >"$WORK_DIR/ldapadd.log" 2>&1 <<LDIF
dn: $LDAP_SUFFIX
objectClass: dcObject
objectClass: organization
dc: kopano
o: KopanoPortal tests
LDIF
    then
        cat "$WORK_DIR/ldapadd.log" >&2
        die "could not add $LDAP_SUFFIX to slapd"
    fi
}

stop_slapd() {
    local i
    slapd_running || return 0
    kill "$SLAPD_PID" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        slapd_running || break
        sleep 0.1
    done
    if slapd_running; then
        log "warning: slapd (pid $SLAPD_PID) did not stop within 5 s, killing it"
        kill -KILL "$SLAPD_PID" 2>/dev/null || true
    fi
    wait "$SLAPD_PID" 2>/dev/null || true
}

# --- private MariaDB ---------------------------------------------------------

# True while the private mariadbd runs; an exited child that is not yet reaped
# (a zombie) counts as stopped.
mariadb_running() {
    [[ -n "$MARIADB_PID" ]] && kill -0 "$MARIADB_PID" 2>/dev/null || return 1
    local stat
    stat="$(cat "/proc/$MARIADB_PID/stat" 2>/dev/null)" || return 0
    [[ "${stat##*) }" != Z* ]]
}

# Runs the mariadb client as the instance's root over its socket. --no-defaults
# must come first: the client would otherwise read /etc/mysql and ~/.my.cnf.
mariadb_root() {
    mariadb --no-defaults --socket="$MARIADB_SOCKET" --user=root "$@"
}

start_mariadb() {
    local port password user data bin
    for bin in "$MARIADBD" mariadb-install-db mariadb-admin mariadb; do
        command -v "$bin" >/dev/null || die "$bin not found (Debian package mariadb-server)"
    done
    port="$(find_free_port 53306 53405 MariaDB)"
    password="$(random_password)"
    # mariadbd refuses to run as root unless --user names root explicitly.
    user="$(id -un)"
    data="$WORK_DIR/mariadb"
    MARIADB_SOCKET="$WORK_DIR/mariadb.sock"

    log "starting MariaDB ($MARIADBD) on 127.0.0.1:$port in $WORK_DIR"
    # As root, WORK_DIR belongs to postgres (see make_work_dir); mariadbd runs as
    # root and writes there anyway, but its data directory must be its user's.
    mkdir -m 700 "$data"
    chown "$user" "$data"
    # --no-defaults: never read /etc/mysql (the system instance's datadir, socket
    # and port). --auth-root-authentication-method=normal: root@localhost without
    # password instead of unix_socket, whose check needs the OS user to be "root".
    mariadb-install-db --no-defaults --datadir="$data" --user="$user" \
        --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
        >"$WORK_DIR/mariadb-install-db.log" 2>&1 \
        || { cat "$WORK_DIR/mariadb-install-db.log" >&2; die "mariadb-install-db failed"; }

    # Charset and collation as Debian's /etc/mysql/mariadb.conf.d/50-server.cnf sets
    # them. The rest trades durability for speed: the data is thrown away anyway.
    "$MARIADBD" --no-defaults --user="$user" --datadir="$data" \
        --bind-address=127.0.0.1 --port="$port" \
        --socket="$MARIADB_SOCKET" --pid-file="$WORK_DIR/mariadb.pid" \
        --log-error="$WORK_DIR/mariadb.log" \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --skip-name-resolve --skip-log-bin --performance-schema=OFF \
        --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
        --innodb-buffer-pool-size=128M --innodb-log-file-size=64M \
        --max-connections=300 \
        </dev/null >>"$WORK_DIR/mariadb.log" 2>&1 &
    MARIADB_PID=$!
    wait_for_mariadb "$port"

    # Tests connect over TCP (127.0.0.1) and create and drop their own databases.
    if ! mariadb_root >"$WORK_DIR/mariadb-setup.log" 2>&1 <<SQL
CREATE USER 'portal'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER 'portal'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'portal'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'portal'@'localhost' WITH GRANT OPTION;
SQL
    then
        cat "$WORK_DIR/mariadb-setup.log" >&2
        die "could not create the MariaDB user portal"
    fi

    export KOPANOPORTAL_TEST_MARIADB="Server=127.0.0.1;Port=$port;User ID=portal;Password=$password"
}

wait_for_mariadb() {
    local port="$1" i
    for ((i = 0; i < 120; i++)); do
        if ! mariadb_running; then
            tail -n 30 "$WORK_DIR/mariadb.log" >&2 || true
            die "mariadbd exited during start-up"
        fi
        # Through the socket: a ping over TCP could reach something else on the port.
        if mariadb-admin --no-defaults --socket="$MARIADB_SOCKET" --connect-timeout=2 \
               --user=root ping >/dev/null 2>&1; then
            return
        fi
        sleep 0.5
    done
    tail -n 30 "$WORK_DIR/mariadb.log" >&2 || true
    die "MariaDB did not answer on $MARIADB_SOCKET within 60 s (port $port)"
}

stop_mariadb() {
    local i
    mariadb_running || return 0
    mariadb-admin --no-defaults --socket="$MARIADB_SOCKET" --user=root shutdown >/dev/null 2>&1 \
        || kill "$MARIADB_PID" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        mariadb_running || break
        sleep 0.1
    done
    if mariadb_running; then
        log "warning: mariadbd (pid $MARIADB_PID) did not stop within 10 s, killing it"
        kill -KILL "$MARIADB_PID" 2>/dev/null || true
    fi
    wait "$MARIADB_PID" 2>/dev/null || true
}

cleanup() {
    local status=$?
    stop_slapd
    stop_mariadb
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
    start_slapd
    start_mariadb

    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
    if build_solution; then
        run_test_projects
    else
        log "build failed: tests not run"
    fi
    report
    exit "$FAILED"
}

# Run only when executed; scripts/benchmark.sh sources this file for its functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
