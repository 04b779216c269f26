#!/bin/bash
# Entrypoint of quai/sandbox (runs under tini, PID 1 of the container).
#
# Contract with the runner (sandbox-runner/src):
#   stdout gets exactly one line: "quai-sandbox-ready" once the nested engine
#   answers, or "quai-sandbox-failed: <reason>" (then the container exits non-zero).
#   Env: QUAI_REGISTRY_MIRROR (e.g. http://quai-cache:5000), QUAI_DOCKERD_ARGS
#   (extra dockerd arguments, split on spaces), QUAI_READY_TIMEOUT (seconds, 30),
#   QUAI_OFFLINE_HOSTS (1; 0 keeps Docker Hub's names resolvable),
#   QUAI_EGRESS (0; 1 lets the sandbox reach beyond its network),
#   QUAI_USERNS (1; 0 runs the engine in the container itself, for runtimes
#   such as Sysbox that already give the container a user namespace).
#
# The boundary. Docker-in-Docker needs CAP_SYS_ADMIN, and a root holding it in
# the host's user namespace can always mount a fresh /proc or /sys and write
# host-wide settings (/proc/sys/kernel/core_pattern runs a program as host
# root), whatever paths Docker masks. So nothing the learner runs lives in the
# container's own namespaces. This script (the "outer" side, trusted, running
# from a read-only root filesystem) prepares:
#   - the learner's disk (/quai/disk: a size-limited filesystem the runner
#     attached as /dev/quai-disk, or a plain volume),
#   - the learner's root filesystem: an overlay whose lower layer is this
#     image (every file owned by 100000+, see build-sandbox.sh) and whose
#     upper layer is on the disk, so the image itself is never written,
#   - a delegated cgroup ("inner") below the container's, whose limits the
#     runner set and the learner can neither see nor write,
#   - a private network namespace joined to this one by a veth pair, with
#     NAT to the sandbox network and nothing else,
# then starts inner-init in new user (0 → 100000…165535), mount, pid, net,
# uts, ipc and cgroup namespaces. There, root is root only over what the
# sandbox owns: host-wide /proc and /sys files, cgroup limits and devices
# belong to the host's root and stay out of reach.
set -u
export PATH=/usr/lib/quai/sbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# QUAI_TRACE=1: every command, timed, in the container's log (start-up diagnosis).
if [[ ${QUAI_TRACE:-0} == 1 ]]; then
  PS4='+ $EPOCHREALTIME '
  set -x
fi

readonly SHIFT=100000 RANGE=65536
readonly DISK=/quai/disk VIEW=/run/quai
readonly OUTER_IP=10.255.255.1 INNER_IP=10.255.255.2 LINK=10.255.255.0/30
# shellcheck source=rootfs/usr/lib/quai/cgroups.sh
source /usr/lib/quai/cgroups.sh

fail() {
  echo "quai-sandbox-failed: $*"
  exit 1
}

if [[ ${QUAI_USERNS:-1} == 0 ]]; then
  exec /usr/lib/quai/inner-init --in-place
fi

# ---------------------------------------------------------------- disk

if [[ -b /dev/quai-disk ]]; then
  # discard: space the learner frees goes back to the host's sparse file.
  mount -o discard,noatime /dev/quai-disk "$DISK" || fail "cannot mount the sandbox's disk"
fi
mkdir -p "$DISK/upper" "$DISK/work" "$DISK/docker" || fail "cannot prepare the sandbox's disk"
# The overlay's root takes the upper directory's owner: the learner's root.
chown "$SHIFT:$SHIFT" "$DISK/upper" "$DISK/docker"

# ---------------------------------------------------------------- cgroups

# cgroup v1: Docker mounts each hierarchy read-only; in a private cgroup
# namespace a fresh mount shows this container's cgroup as its root.
delegate_v1() {
  local mp opts d value
  local -a dirs=() owned=() mps=() lines=()
  while read -r mp opts; do
    mps+=("$mp")
    lines+=("cgroup $mp cgroup rw,$opts 0 0")
  done < <(cgroup_v1_mounts)
  # One umount and one mount for them all (`mount -a` of a table): every
  # process costs ~20 ms on a busy host.
  printf '%s\n' "${lines[@]}" >"$VIEW/cgroups.fstab"
  umount "${mps[@]}" && mount -a -T "$VIEW/cgroups.fstab" || fail "cannot mount the cgroup hierarchies read-write"
  # The learner's subtree: its directory and membership files belong to the
  # learner's root; its limit files (and the container's, above) do not.
  for d in /sys/fs/cgroup/*/; do
    d=${d%/}
    [[ -L $d ]] || dirs+=("$d/inner")
  done
  mkdir -p "${dirs[@]}" || fail "cannot create the learner's cgroups"
  for d in "${dirs[@]}"; do
    owned+=("$d" "$d/cgroup.procs" "$d/tasks")
    if [[ -f $d/cpuset.cpus ]]; then
      read -r value <"${d%/inner}/cpuset.cpus" && echo "$value" >"$d/cpuset.cpus"
      read -r value <"${d%/inner}/cpuset.mems" && echo "$value" >"$d/cpuset.mems"
    fi
  done
  chown "$SHIFT:$SHIFT" "${owned[@]}" || fail "cannot delegate the learner's cgroups"
}

# cgroup v2: processes leave the namespace's root for /outer (no process may
# sit in a cgroup that delegates controllers), controllers are enabled, and
# /inner is delegated as systemd does (directory, procs, threads, subtree_control).
delegate_v2() {
  if [[ ! -w /sys/fs/cgroup/cgroup.subtree_control ]]; then
    umount /sys/fs/cgroup && mount -t cgroup2 -o rw,nsdelegate cgroup2 /sys/fs/cgroup || fail "cannot make /sys/fs/cgroup writable"
  fi
  mkdir -p /sys/fs/cgroup/outer /sys/fs/cgroup/inner
  xargs -rn1 </sys/fs/cgroup/cgroup.procs >/sys/fs/cgroup/outer/cgroup.procs 2>/dev/null || :
  sed -e 's/ / +/g' -e 's/^/+/' </sys/fs/cgroup/cgroup.controllers >/sys/fs/cgroup/cgroup.subtree_control ||
    fail "cannot enable cgroup v2 controllers"
  chown "$SHIFT:$SHIFT" /sys/fs/cgroup/inner /sys/fs/cgroup/inner/cgroup.procs \
    /sys/fs/cgroup/inner/cgroup.threads /sys/fs/cgroup/inner/cgroup.subtree_control || fail "cannot delegate /sys/fs/cgroup/inner"
}

mkdir -p "$VIEW/lower" "$VIEW/root" "$VIEW/proc" "$VIEW/sys"
if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
  delegate_v2
else
  delegate_v1
fi

# ---------------------------------------------------------------- root filesystem

# - a read-only view of this image, without Docker's mounts (/etc/hosts…);
# - the learner's root: the image below, their writes above, on their disk;
# - their engine's storage, which cannot be an overlay (overlay2 on overlay);
# - an unmasked /proc and /sys: in a user namespace the kernel lets a new
#   /proc or /sys be mounted only when one is already fully visible. The
#   container's own are masked, as they should be; these two exist only until
#   inner-init has mounted its own, then leave with the old root.
cat >"$VIEW/views.fstab" <<FSTAB
/ $VIEW/lower none bind,ro 0 0
overlay $VIEW/root overlay lowerdir=$VIEW/lower,upperdir=$DISK/upper,workdir=$DISK/work 0 0
$DISK/docker $VIEW/root/var/lib/docker none bind 0 0
proc $VIEW/proc proc rw 0 0
sysfs $VIEW/sys sysfs rw 0 0
FSTAB
mount -a -T "$VIEW/views.fstab" && mount -o remount,rw "$VIEW/sys" || fail "cannot mount the learner's root filesystem"

# Files Docker bind-mounts into the container are the host's, not the
# learner's: the learner's own copies, in the upper layer.
owned=()
own_file() {
  local path=$VIEW/root$1
  shift
  rm -f "$path" && printf '%s\n' "$@" >"$path" || fail "cannot write ${path#"$VIEW/root"}"
  owned+=("$path")
}
hosts=("127.0.0.1 localhost" "::1 localhost ip6-localhost ip6-loopback" "127.0.1.1 quai")
# (Docker's embedded DNS answers at once for the cache, attached to every sandbox network.)
cache=$(getent hosts quai-cache) || cache=
cache=${cache%% *}
[[ -n $cache ]] && hosts+=("$cache quai-cache")
# The sandbox has no Internet. Before using the mirror, dockerd looks up
# Docker Hub's names: they resolve to 0.0.0.0 so that a pull missing from the
# cache fails at once (connection refused) instead of waiting for DNS.
if [[ ${QUAI_OFFLINE_HOSTS:-1} != 0 ]]; then
  hosts+=("# quai: offline sandbox, Docker Hub goes through the image cache"
    "0.0.0.0 docker.io index.docker.io registry-1.docker.io auth.docker.io production.cloudflare.docker.com")
fi
own_file /etc/hosts "${hosts[@]}"
own_file /etc/hostname quai
if [[ ${QUAI_EGRESS:-0} == 1 ]]; then
  # Docker's resolver (127.0.0.11) is this namespace's loopback: the learner's
  # side gets the upstream servers Docker recorded, or public ones.
  servers=()
  while read -r line; do
    [[ $line == "# ExtServers: ["* ]] || continue
    for server in ${line//[^0-9. ]/ }; do servers+=("nameserver $server"); done
  done </etc/resolv.conf
  ((${#servers[@]})) || servers=("nameserver 1.1.1.1" "nameserver 9.9.9.9")
  own_file /etc/resolv.conf "${servers[@]}"
else
  # Nothing listens there: a lookup fails at once instead of timing out.
  own_file /etc/resolv.conf "nameserver $OUTER_IP"
fi
chown "$SHIFT:$SHIFT" "${owned[@]}" && chmod 0644 "${owned[@]}" || fail "cannot hand over /etc/hosts"
# A sandbox started again keeps its files: no stale mark of a network from before.
rm -f "$VIEW/root/run/.quai-network"

# ---------------------------------------------------------------- network

ip -batch - <<LINK || fail "cannot create the sandbox's link"
link add quai-out type veth peer name quai-in
addr add $OUTER_IP/30 dev quai-out
link set quai-out up
LINK
rules=(
  "*nat"
  "-A POSTROUTING -s $LINK -o eth0 -j MASQUERADE"
  # Port previews: the runner connects to this container's address; every
  # TCP port goes on to the learner's side.
  "-A PREROUTING -i eth0 -p tcp -j DNAT --to-destination $INNER_IP"
  "COMMIT"
  "*filter"
  # This side itself offers nothing to the learner's.
  "-A INPUT -i quai-out -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT"
  "-A INPUT -i quai-out -p tcp -j REJECT --reject-with tcp-reset"
  "-A INPUT -i quai-out -j REJECT --reject-with icmp-port-unreachable"
)
if [[ ${QUAI_EGRESS:-0} != 1 ]]; then
  # Only the image cache is reachable; anything else (the host at the
  # network's gateway included, whose firewall drops sandboxes anyway) is
  # refused at once rather than left to time out.
  rules+=("-A FORWARD -i quai-out -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT")
  [[ -n $cache ]] && rules+=("-A FORWARD -i quai-out -d $cache -j ACCEPT")
  rules+=("-A FORWARD -i quai-out -p tcp -j REJECT --reject-with tcp-reset"
    "-A FORWARD -i quai-out -j REJECT --reject-with icmp-net-unreachable")
fi
rules+=("COMMIT")
printf '%s\n' "${rules[@]}" | iptables-restore -w 5 --noflush || fail "cannot set the sandbox's NAT and egress rules"

# ---------------------------------------------------------------- the learner's side

inner=
trap '[[ -n $inner ]] && kill -TERM "$inner" 2>/dev/null' TERM INT
(
  # The learner's processes live in the delegated cgroup (and its namespace).
  for d in /sys/fs/cgroup/*/inner /sys/fs/cgroup/inner; do
    [[ -f $d/cgroup.procs ]] && echo "$BASHPID" >"$d/cgroup.procs"
  done
  exec unshare --user --map-users="0:$SHIFT:$RANGE" --map-groups="0:$SHIFT:$RANGE" --setuid 0 --setgid 0 \
    --mount --propagation private --pid --fork --kill-child --net --uts --ipc --cgroup \
    -- /usr/bin/tini -- /usr/lib/quai/inner-init
) &
launcher=$!

# inner-init waits for its network; its PID (in this namespace) is the one
# the runner's commands enter (quai-enter, quai-run).
# (unshare's children include a short-lived helper that writes the uid map,
# in this namespace: the one wanted is tini, in a network namespace of its own.)
outer_net=$(readlink /proc/self/ns/net)
for ((i = 0; i < 400; i++)); do
  children=()
  if [[ -r /proc/$launcher/task/$launcher/children ]]; then
    read -r -a children <"/proc/$launcher/task/$launcher/children" || :
  else
    mapfile -t children < <(pgrep -P "$launcher")
  fi
  for inner in "${children[@]}"; do
    net=$(readlink "/proc/$inner/ns/net" 2>/dev/null) || net=
    [[ -n $net && $net != "$outer_net" ]] && break 2
  done
  inner=
  sleep 0.005
done
[[ -n $inner ]] || fail "the learner's namespaces did not start"
if ! problem=$({ ip link set quai-in netns "$inner" && nsenter --net="/proc/$inner/ns/net" ip -batch - <<LINK; } 2>&1
link set quai-in name eth0
addr add $INNER_IP/30 dev eth0
link set eth0 up
route add default via $OUTER_IP
LINK
); then
  fail "cannot give the learner's side its network: ${problem//$'\n'/ }"
fi
echo "$inner" >"$VIEW/inner.pid"
# inner-init waits for this before saying the sandbox is ready.
: >"$VIEW/root/run/.quai-network"

# Live as long as the learner's side (a TERM interrupts `wait`: wait again
# while inner-init stops the learner's containers).
while kill -0 "$launcher" 2>/dev/null; do
  wait "$launcher"
  code=$?
done
exit "${code:-1}"
