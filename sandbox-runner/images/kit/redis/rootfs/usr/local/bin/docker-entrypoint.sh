#!/bin/sh
# Entrypoint of Quai's redis stand-in (written for Quai, after the documented
# behaviour of the official image): a first argument that is an option means
# redis-server; without a configuration file, --protected-mode no is added so
# that Redis answers other containers; as root, /data is given to user redis
# and the server runs as redis.
set -e
case "$1" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
  case "$2" in
    *.conf | -v | --version | -h | --help) ;;
    *) shift; set -- redis-server --protected-mode no "$@" ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
