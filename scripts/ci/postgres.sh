#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite (Debian's postgresql-15).
#   eval "$(scripts/ci/postgres.sh start)"   # exports COUNTERSIGN_TEST_POSTGRES_URL and PG_TEST_DIR
#   scripts/ci/postgres.sh stop "$PG_TEST_DIR"
# The server refuses to run as root, so it runs as the `postgres` user when we are root.
set -euo pipefail
bin=$(dirname "$(readlink -f "$(command -v initdb || echo /usr/lib/postgresql/15/bin/initdb)")")
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/countersign-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=${PG_TEST_PORT:-55432}
    as_owner "$bin/initdb" -D "$dir/data" -U countersign --auth=trust -E UTF8 >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$dir/log" -w start >/dev/null
    echo "export COUNTERSIGN_TEST_POSTGRES_URL=postgres://countersign@127.0.0.1:$port/postgres"
    echo "export PG_TEST_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: postgres.sh stop DIR}
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
