#!/bin/bash
# Entrypoint of Quai's postgres stand-in (written for Quai; it follows the
# documented behaviour of the official image, not its code):
#   - as root: reads the *_FILE secrets, prepares PGDATA and re-executes
#     itself as user postgres;
#   - first start (empty PGDATA): initdb with the superuser POSTGRES_USER
#     (default postgres) and POSTGRES_PASSWORD (required unless
#     POSTGRES_HOST_AUTH_METHOD=trust), each readable from a file with the
#     *_FILE variant; creates POSTGRES_DB (default: the user's name); runs the
#     *.sql, *.sql.gz and *.sh files of /docker-entrypoint-initdb.d in name order
#     against a server listening only on a private socket, so that
#     pg_isready (and a Compose healthcheck) says « ready » only once the real
#     server runs — not during the initialisation;
#   - then execs postgres, which listens on every address, port 5432.
set -Eeo pipefail

# from_file VAR — VAR, or the content of the file named by VAR_FILE (not both).
from_file() {
  local var=$1 file_var="${1}_FILE" default=${2:-}
  if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
    echo >&2 "error: both $var and $file_var are set (they are exclusive)"
    exit 1
  fi
  local value=$default
  if [ -n "${!var:-}" ]; then
    value=${!var}
  elif [ -n "${!file_var:-}" ]; then
    value=$(<"${!file_var}")
  fi
  export "$var"="$value"
  unset "$file_var"
}

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

# postgres --version, --help…: no initialisation, no user switch.
wants_info=false
for arg in "${@:2}"; do
  case "$arg" in -V | --version | -'?' | --help | --describe-config | -C) wants_info=true ;; esac
done
if [ "$wants_info" = true ]; then
  exec "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  # The *_FILE secrets are read here, as root, like the official image does:
  # a secret file is often readable by root only (mode 600, or a Compose secret).
  from_file POSTGRES_USER postgres
  from_file POSTGRES_PASSWORD
  from_file POSTGRES_DB "$POSTGRES_USER"
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  from_file POSTGRES_USER postgres
  from_file POSTGRES_PASSWORD
  from_file POSTGRES_DB "$POSTGRES_USER"
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    cat >&2 <<'MSG'
Error: the database is not initialized and no superuser password was given.
       Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE, the path of a file that
       holds it) to a non-empty value, for example "-e POSTGRES_PASSWORD=secret"
       with "docker run".
       POSTGRES_HOST_AUTH_METHOD=trust allows connections without any password;
       never use it outside a throw-away test.
MSG
    exit 1
  fi
  echo "The database cluster will be initialized in $PGDATA (superuser: $POSTGRES_USER)."
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --auth-local=trust --auth-host="$auth" $POSTGRES_INITDB_ARGS >/dev/null
  printf '\nlisten_addresses = '"'"'*'"'"'\n' >>"$PGDATA/postgresql.conf"
  printf 'host all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  # The temporary server listens on a private socket only: pg_isready, run
  # with its defaults, must not find it and report a server about to stop.
  export PGHOST
  PGHOST=$(mktemp -d /tmp/quai-init-socket.XXXXXX)
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=$PGHOST" -w start >/dev/null
  psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres)
  if [ "$POSTGRES_DB" != postgres ]; then
    "${psql[@]}" -q --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "running $f"; gunzip -c "$f" | "${psql[@]}" --dbname "$POSTGRES_DB" ;;
      *) [ -e "$f" ] && echo "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  rmdir "$PGHOST"
  unset PGHOST
  unset POSTGRES_PASSWORD
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
