#!/bin/bash
# Entrypoint of quai/sandbox (runs under tini, which is PID 1 and reaps zombies).
#
# Contract with the runner (sandbox-runner/src):
#   stdout gets exactly one line: "quai-sandbox-ready" once the nested engine
#   answers, or "quai-sandbox-failed: <reason>" (then the container exits non-zero).
#   Env: QUAI_REGISTRY_MIRROR (e.g. http://quai-cache:5000), QUAI_DOCKERD_ARGS
#   (extra dockerd arguments, split on spaces), QUAI_READY_TIMEOUT (seconds, 30),
#   QUAI_OFFLINE_HOSTS (1; 0 keeps Docker Hub's names resolvable, see below).
#   dockerd's own log is /var/log/dockerd.log inside the sandbox.
# After "ready" the container lives exactly as long as dockerd.
set -u

readonly DOCKERD_LOG=/var/log/dockerd.log
readonly CONTAINERD_LOG=/var/log/containerd.log
readonly SOCK=/var/run/docker.sock
readonly CONTAINERD_SOCK=/run/containerd/containerd.sock
dockerd_pid=
containerd_pid=

fail() {
  echo "quai-sandbox-failed: $*"
  if [[ -s $DOCKERD_LOG ]]; then
    echo "--- last lines of $DOCKERD_LOG ---" >&2
    tail -n 20 "$DOCKERD_LOG" >&2
  fi
  [[ -n $dockerd_pid ]] && kill -TERM "$dockerd_pid" 2>/dev/null
  [[ -n $containerd_pid ]] && kill -TERM "$containerd_pid" 2>/dev/null
  exit 1
}

# cgroup v1 (e.g. Debian 12 hosts): Docker mounts each hierarchy read-only and
# a remount is refused ("busy"), so each one is unmounted and mounted afresh.
# When the sandbox shares the host's cgroup namespace (Docker's default on v1),
# a fresh mount shows the whole host hierarchy: it is mounted aside, and only
# the sandbox's own cgroup (the old mount's root in mountinfo) is bind-mounted
# back. Nested containers are then created below the sandbox's cgroup, within
# its memory/cpu/pids limits, and runc finds one mount per hierarchy whose root
# matches /proc/self/cgroup (a mount stacked on the fresh one would confuse it).
setup_cgroup_v1() {
  local _id _parent _dev root mp _rest fstype name opts entry
  local -a mounts=()
  while read -r _id _parent _dev root mp _rest; do
    fstype=${_rest#* - }
    fstype=${fstype%% *}
    [[ $fstype == cgroup && $mp == /sys/fs/cgroup/* ]] && mounts+=("$mp $root")
  done </proc/self/mountinfo
  local aside=/run/quai-cgroup
  mkdir -p "$aside"
  for entry in "${mounts[@]}"; do
    mp=${entry%% *}
    root=${entry#* }
    name=${mp##*/}
    case $name in
      systemd) opts=none,name=systemd ;;
      name=*) opts=none,$name ;;
      *) opts=$name ;;
    esac
    umount "$mp" 2>/dev/null || fail "cannot unmount $mp"
    if [[ $root == / ]]; then
      mount -t cgroup -o "$opts" cgroup "$mp" 2>/dev/null || fail "cannot mount cgroup $opts on $mp"
    else
      mount -t cgroup -o "$opts" cgroup "$aside" 2>/dev/null || fail "cannot mount cgroup $opts"
      mount --bind "$aside$root" "$mp" 2>/dev/null || fail "cannot bind $root of cgroup $opts on $mp"
      umount "$aside" || fail "cannot unmount the $opts hierarchy"
    fi
  done
}

# cgroup v2: as the official docker:dind entrypoint does. Processes leave the
# root of the (private) cgroup namespace for /init, so that controllers can be
# delegated to the children dockerd will create.
setup_cgroup_v2() {
  if [[ ! -w /sys/fs/cgroup/cgroup.subtree_control ]]; then
    mount -o remount,rw /sys/fs/cgroup 2>/dev/null ||
      { umount /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup; } ||
      fail "cannot make /sys/fs/cgroup writable"
  fi
  mkdir -p /sys/fs/cgroup/init
  # Moving a process that already exited (e.g. xargs' own children) fails: ignored.
  xargs -rn1 </sys/fs/cgroup/cgroup.procs >/sys/fs/cgroup/init/cgroup.procs 2>/dev/null || :
  sed -e 's/ / +/g' -e 's/^/+/' </sys/fs/cgroup/cgroup.controllers \
    >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
    fail "cannot enable cgroup v2 controllers"
}

# The sandbox has no Internet. Before using the mirror, dockerd looks up
# "docker.io", and on an --internal network that DNS query hangs 2 x 5 s:
# every first pull would take 10 s. Docker Hub's names resolve to 0.0.0.0 here,
# so the lookup is instant and a pull missing from the cache fails at once
# (connection refused) instead of after 20 s. QUAI_OFFLINE_HOSTS=0 disables it.
if [[ ${QUAI_OFFLINE_HOSTS:-1} != 0 ]] && ! grep -q 'quai: offline' /etc/hosts 2>/dev/null; then
  printf '%s\n' '# quai: offline sandbox, Docker Hub goes through the image cache' \
    '0.0.0.0 docker.io index.docker.io registry-1.docker.io auth.docker.io production.cloudflare.docker.com' \
    >>/etc/hosts
fi

# A restarted sandbox keeps its writable layer: stale pid files would make
# dockerd or containerd refuse to start.
rm -f /var/run/docker.pid "$SOCK" "$CONTAINERD_SOCK"

# Stopped while starting: stop both daemons and leave.
trap 'kill -TERM $dockerd_pid $containerd_pid 2>/dev/null; exit 143' TERM INT

# containerd first, so that dockerd finds its socket at the first try (see
# /etc/containerd/config.toml); it takes ~30 ms to listen, time used to fix
# the cgroup mounts (containerd reads them only when it starts containers).
containerd --config /etc/containerd/config.toml >"$CONTAINERD_LOG" 2>&1 &
containerd_pid=$!
if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
  setup_cgroup_v2
else
  setup_cgroup_v1
fi

# Mounts made inside nested containers (volumes with propagation) need shared mounts.
mount --make-rshared / 2>/dev/null || true

for ((i = 0; i < 400; i++)); do
  [[ -S $CONTAINERD_SOCK ]] && break
  kill -0 "$containerd_pid" 2>/dev/null || fail "containerd exited before listening (see $CONTAINERD_LOG)"
  sleep 0.005
done
[[ -S $CONTAINERD_SOCK ]] || fail "containerd did not listen within 2s"

args=(--host="unix://$SOCK" --containerd="$CONTAINERD_SOCK")
if [[ -n ${QUAI_REGISTRY_MIRROR:-} ]]; then
  mirror_host=${QUAI_REGISTRY_MIRROR#*://}
  mirror_host=${mirror_host%%/*}
  args+=(--registry-mirror "$QUAI_REGISTRY_MIRROR")
  [[ $QUAI_REGISTRY_MIRROR == http://* ]] && args+=(--insecure-registry "$mirror_host")
fi
if [[ -n ${QUAI_DOCKERD_ARGS:-} ]]; then
  read -r -a extra <<<"$QUAI_DOCKERD_ARGS"
  args+=("${extra[@]}")
fi

dockerd "${args[@]}" >"$DOCKERD_LOG" 2>&1 &
dockerd_pid=$!


# Poll the API fast: the socket appears early and the first request is
# answered as soon as the daemon is initialised (curl waits on the socket,
# --max-time bounds each try). 25 ms between tries costs ~nothing.
timeout_s=${QUAI_READY_TIMEOUT:-30}
deadline=$((SECONDS + timeout_s))
while :; do
  if [[ -S $SOCK ]] &&
    [[ "$(curl -s --max-time 2 --unix-socket "$SOCK" -o /dev/null -w '%{http_code}' http://localhost/_ping)" == 200 ]]; then
    break
  fi
  kill -0 "$dockerd_pid" 2>/dev/null || {
    wait "$dockerd_pid"
    fail "dockerd exited with code $? before answering"
  }
  ((SECONDS < deadline)) || fail "dockerd did not answer within ${timeout_s}s"
  sleep 0.025
done
echo "quai-sandbox-ready"
trap 'kill -TERM "$dockerd_pid" 2>/dev/null' TERM INT

# Live as long as dockerd. A TERM (docker stop) goes to dockerd, which stops
# the learner's containers; containerd follows once dockerd is gone.
while :; do
  wait -n "$dockerd_pid" "$containerd_pid"
  kill -0 "$dockerd_pid" 2>/dev/null && kill -0 "$containerd_pid" 2>/dev/null && continue
  break
done
if kill -0 "$dockerd_pid" 2>/dev/null; then
  echo "containerd exited; stopping dockerd" >&2
  kill -TERM "$dockerd_pid"
fi
wait "$dockerd_pid"
code=$?
kill -TERM "$containerd_pid" 2>/dev/null && wait "$containerd_pid"
exit "$code"
