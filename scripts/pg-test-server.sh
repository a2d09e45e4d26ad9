#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: a fresh cluster in a temporary folder, on a free
# port, its socket in that folder, trust authentication, nothing listening on TCP.
#
#   bash scripts/pg-test-server.sh start   # prints the URL as the last line
#   bash scripts/pg-test-server.sh stop    # stops it and removes the folder
#
# Installs PostgreSQL 15 with apt-get when initdb is missing. As root, the server runs as the
# `postgres` user (initdb refuses root). The folder, port and binaries are kept in
# $MASQ_PG_STATE (default /tmp/masq-pg-test.dir), so several servers can run side by side.
set -euo pipefail
state=${MASQ_PG_STATE:-/tmp/masq-pg-test.dir}

find_bin() {
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/initdb ]] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null && dirname "$(command -v initdb)" && return
  return 1
}

as_owner() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case ${1:-} in
  start)
    if ! bin=$(find_bin); then
      echo "installing postgresql-15 (apt-get)" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 >&2
      bin=$(find_bin)
    fi
    dir=$(mktemp -d /tmp/masq-pg.XXXXXX)
    chmod 700 "$dir"
    [[ $(id -u) == 0 ]] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=''" start >&2 ||
      { cat "$dir/server.log" >&2; exit 1; }
    echo "$dir $port $bin" >"$state"
    echo "postgresql://postgres@${dir//\//%2F}:$port/postgres"
    ;;
  stop)
    [[ -f $state ]] || exit 0
    read -r dir port bin <"$state"
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir" "$state"
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
