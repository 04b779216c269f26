#!/bin/sh
# The test machine's "Docker Engine": the host's, through its socket bound at
# /run/docker.sock. Like the docker.io package, it makes sure a docker group
# owns the socket (here: the group with the socket's gid), then waits until
# the engine answers.
set -eu
for _ in $(seq 1 100); do [ -S /run/docker.sock ] && break; sleep 0.1; done
[ -S /run/docker.sock ] || { echo "no Docker socket at /run/docker.sock" >&2; exit 1; }
gid="$(stat -c %g /run/docker.sock)"
if ! getent group docker >/dev/null; then
  getent group "$gid" >/dev/null && { echo "gid $gid of the socket belongs to another group" >&2; exit 1; }
  groupadd --system --gid "$gid" docker
elif [ "$(getent group docker | cut -d: -f3)" != "$gid" ]; then
  groupmod --gid "$gid" docker
fi
for _ in $(seq 1 100); do docker info >/dev/null 2>&1 && exit 0; sleep 0.2; done
docker info >/dev/null
