#!/bin/sh
# Entry point of the test machine: makes the cgroup hierarchies writable, then
# becomes systemd. On a cgroup v1 host Docker mounts each hierarchy read-only
# in the container and systemd cannot create its first cgroup ("Failed to
# create /init.scope control group"). With a private cgroup namespace, a fresh
# mount of each hierarchy shows the container's own cgroup as its root:
# systemd manages that subtree and nothing of the host's. On cgroup v2 the
# same is done for the single unified mount.
set -eu
mount -o remount,rw /sys/fs/cgroup
# mountinfo: the file system type follows the "-" that ends the optional fields.
awk '{ for (i = 7; $i != "-"; i++); if ($(i + 1) ~ /^cgroup2?$/) print $5, $(i + 1), $(i + 3) }' /proc/self/mountinfo |
  while read -r dir type opts; do
    keep="$(printf '%s' "$opts" | tr ',' '\n' | grep -Ev '^(ro|rw)$' | paste -sd, -)"
    umount "$dir"
    mount -t "$type" -o "rw,nosuid,nodev,noexec${keep:+,$keep}" "$type" "$dir"
  done
exec /sbin/init "$@"
