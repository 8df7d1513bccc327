#!/usr/bin/env bash
# Install (if needed) and start a throwaway PostgreSQL server for the archive tests,
# then print its URL on stdout — the only thing printed there:
#
#   export WENMING_TEST_POSTGRES_URL="$(.ci/postgres.sh)"
#
# The server listens on 127.0.0.1 with trust authentication, keeps its data in a
# temporary folder (printed on stderr, with the command that stops it), and runs as
# the `postgres` user when this script runs as root (PostgreSQL refuses root).
set -euo pipefail

find_bin() {
    if command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return
    fi
    # Debian keeps the server binaries off PATH, one folder per major version
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

bin="$(find_bin)"
if [ -z "$bin" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing postgresql…" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        bin="$(find_bin)"
    fi
fi
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "postgres.sh: no PostgreSQL server binaries and cannot install them" >&2
    exit 1
fi

root="$(mktemp -d /tmp/wenming-ci-pg.XXXXXX)"
chmod 755 "$root"
run=()
user="$(id -un)"
if [ "$(id -u)" = "0" ]; then
    chown postgres "$root"
    run=(runuser -u postgres --)
    user=postgres
fi
port="${WENMING_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"

"${run[@]}" "$bin/initdb" -D "$root/data" -U "$user" -A trust -E UTF8 --no-sync >"$root/initdb.log" 2>&1 \
    || { cat "$root/initdb.log" >&2; exit 1; }
"${run[@]}" "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $root -c fsync=off -c synchronous_commit=off" start >&2 \
    || { cat "$root/server.log" >&2; exit 1; }
echo "PostgreSQL running in $root; stop it with: ${run[*]} $bin/pg_ctl -D $root/data stop" >&2
echo "postgresql://$user@127.0.0.1:$port/postgres"
