# shellcheck shell=bash
# Sourced by quai-entrypoint and inner-init: the container's cgroup v1
# hierarchies, read from /proc/self/mountinfo without starting a process
# (every process counts when thirty sandboxes start on two cores).

# cgroup_v1_mounts — one line per hierarchy: "mountpoint options", the options
# being the super options minus ro/rw and release_agent (only the host's root
# may set it).
cgroup_v1_mounts() {
  local _id _parent _dev _root mp _rest fstype opt opts
  local -a parts
  while read -r _id _parent _dev _root mp _rest; do
    fstype=${_rest#* - }
    fstype=${fstype%% *}
    [[ $fstype == cgroup && $mp == /sys/fs/cgroup/* ]] || continue
    IFS=, read -r -a parts <<<"${_rest##* }"
    opts=
    for opt in "${parts[@]}"; do
      [[ $opt == ro || $opt == rw || $opt == release_agent=* ]] && continue
      opts+=${opts:+,}$opt
    done
    printf '%s %s\n' "$mp" "$opts"
  done </proc/self/mountinfo
}
