# shellcheck shell=bash
# Shared helpers for the image scripts (build-sandbox.sh, offline.sh, prefetch.sh).
# Sourced, never run. Everything a self-hoster reads is French; comments are for developers.
#
# Conventions:
#   - local kit images are named quai-kit/<name>:<tag> so that a host's own
#     debian/nginx/... images are never overwritten; they get their upstream
#     names only inside the image cache (127.0.0.1:5001/library/<name>).
#   - every image we build carries the label quai.build-hash=<hash of its inputs>;
#     a script skips a build when the existing image already has that label.

set -Eeuo pipefail
shopt -s inherit_errexit 2>/dev/null || true

QUAI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
QUAI_IMAGES_SRC="sandbox-runner/images"              # relative to QUAI_ROOT
QUAI_CACHE_DIR="${QUAI_CACHE_DIR:-$QUAI_ROOT/.cache/images}"
QUAI_LOG_DIR="$QUAI_CACHE_DIR/logs"
QUAI_HASH_LABEL="quai.build-hash"
QUAI_DEBIAN_MIRROR="${QUAI_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
QUAI_DEBIAN_SECURITY_MIRROR="${QUAI_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
QUAI_STARTED_AT=$SECONDS

# ---------------------------------------------------------------- printing

if [[ -t 1 ]]; then
  _quai_bold=$'\033[1m' _quai_green=$'\033[32m' _quai_red=$'\033[31m' _quai_reset=$'\033[0m'
else
  _quai_bold='' _quai_green='' _quai_red='' _quai_reset=''
fi

# quai_step N TOTAL MESSAGE — a numbered progress line, with the time so far.
quai_step() {
  printf '%s[images] %s… (étape %s/%s, %s)%s\n' "$_quai_bold" "$3" "$1" "$2" "$(quai_elapsed)" "$_quai_reset"
}

quai_info() { printf '[images]   %s\n' "$*"; }

quai_ok() { printf '%s[images] ✓ %s%s\n' "$_quai_green" "$*" "$_quai_reset"; }

quai_die() {
  printf '%s[images] Erreur : %s%s\n' "$_quai_red" "$*" "$_quai_reset" >&2
  exit 1
}

# quai_elapsed — seconds since the script started, e.g. "12 s".
quai_elapsed() { printf '%s s' "$((SECONDS - QUAI_STARTED_AT))"; }

# An unexpected failure still ends with a French message naming the command.
_quai_on_error() {
  local code=$1 line=$2 cmd=$3
  printf '%s[images] Erreur inattendue (code %s) à la ligne %s : %s%s\n' \
    "$_quai_red" "$code" "$line" "$cmd" "$_quai_reset" >&2
}
trap '_quai_on_error $? $LINENO "$BASH_COMMAND"' ERR

# quai_show_log FILE — last lines of a build log, on stderr, when a step fails.
quai_show_log() {
  [[ -s "$1" ]] || return 0
  printf '[images] --- fin du journal %s ---\n' "$1" >&2
  tail -n 30 "$1" >&2
  printf '[images] ---\n' >&2
}

# ---------------------------------------------------------------- checks

quai_require_docker() {
  command -v docker >/dev/null 2>&1 ||
    quai_die "la commande « docker » est introuvable. Installez Docker puis relancez."
  docker info >/dev/null 2>&1 ||
    quai_die "le démon Docker ne répond pas (docker info a échoué). Démarrez Docker, vérifiez les droits sur /var/run/docker.sock, puis relancez."
  mkdir -p "$QUAI_CACHE_DIR" "$QUAI_LOG_DIR"
}

quai_require_root() {
  [[ $EUID -eq 0 ]] ||
    quai_die "construire le système de base Debian (debootstrap) demande les droits root. Relancez avec sudo."
}

# ---------------------------------------------------------------- hashing

# quai_hash ARG... — sha256 of build inputs. An ARG is a path relative to the
# repository (file or directory: every file's path, mode and content count) or
# a literal "str:..." (a parent's hash, a mirror URL...).
quai_hash() {
  local arg
  (
    cd "$QUAI_ROOT"
    for arg in "$@"; do
      case $arg in
        str:*) printf '%s\n' "$arg" ;;
        *)
          [[ -e $arg ]] || { echo "missing build input: $arg" >&2; exit 1; }
          find "$arg" \( -type f -o -type l \) -printf '%m %p %l\n' | LC_ALL=C sort |
            while read -r mode path link; do
              if [[ -L $path ]]; then
                printf 'link %s %s\n' "$path" "$link"
              else
                printf '%s %s %s\n' "$mode" "$path" "$(sha256sum <"$path" | cut -c1-64)"
              fi
            done
          ;;
      esac
    done
  ) | sha256sum | cut -c1-64
}

# ---------------------------------------------------------------- images

# quai_image_hash IMAGE — its quai.build-hash label, empty when absent.
quai_image_hash() {
  docker image inspect -f "{{ index .Config.Labels \"$QUAI_HASH_LABEL\" }}" "$1" 2>/dev/null || true
}

# quai_image_current IMAGE HASH — true when IMAGE exists with that build hash.
quai_image_current() {
  [[ "$(quai_image_hash "$1")" == "$2" ]]
}

# quai_forget_old_image OLD_ID NEW_IMAGE — after a rebuild, drop the previous
# version if it was ours (has our label) and nothing else uses it. `docker rmi`
# without -f refuses images with other tags or containers, which is what we want.
quai_forget_old_image() {
  local old=$1 new_id
  [[ -n $old ]] || return 0
  new_id=$(docker image inspect -f '{{.Id}}' "$2" 2>/dev/null || true)
  [[ $old != "$new_id" ]] || return 0
  [[ -n "$(docker image inspect -f "{{ index .Config.Labels \"$QUAI_HASH_LABEL\" }}" "$old" 2>/dev/null || true)" ]] || return 0
  docker rmi "$old" >/dev/null 2>&1 || true
}

# quai_docker_build IMAGE HASH CONTEXT LOG [docker build args...]
# Builds CONTEXT (absolute path) as IMAGE with the build-hash label; the
# output goes to LOG and is shown only on failure.
quai_docker_build() {
  local image=$1 hash=$2 context=$3 log=$4 old
  shift 4
  old=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  if ! docker build --label "$QUAI_HASH_LABEL=$hash" -t "$image" "$@" "$context" >"$log" 2>&1; then
    quai_show_log "$log"
    quai_die "la construction de l'image $image a échoué (journal complet : $log)."
  fi
  quai_forget_old_image "$old" "$image"
  # Build stages of multi-stage Dockerfiles (LABEL quai.stage=...) are left
  # untagged by the classic builder: drop ours.
  docker image ls -q --filter dangling=true --filter "label=quai.stage=$image" |
    xargs -r docker rmi >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- Debian base

# quai_debian_hash SUITE — build hash of quai-kit/debian:SUITE: the recipe is
# the two functions below (their text, as bash prints it) plus the mirrors.
quai_debian_hash() {
  quai_hash "str:suite=$1" "str:mirror=$QUAI_DEBIAN_MIRROR" "str:security=$QUAI_DEBIAN_SECURITY_MIRROR" \
    "str:arch=$(dpkg --print-architecture 2>/dev/null || uname -m)" \
    "str:$(declare -f quai_ensure_debian quai_minimize_rootfs)"
}

# quai_recipe_hash — the part of lib.sh that shapes images built by docker build.
quai_recipe_hash() {
  quai_hash "str:$(declare -f quai_docker_build)"
}

# quai_rm_tree DIR — remove a (possibly half-built) rootfs: unmount anything
# left mounted inside first, and never cross into another filesystem.
quai_rm_tree() {
  local dir=$1 mp
  [[ -e $dir ]] || return 0
  while read -r mp; do
    umount -l "$mp" 2>/dev/null || true
  done < <(awk -v d="$dir" 'index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "$dir"
}

# quai_minimize_rootfs DIR SUITE — the tweaks of the official Debian images
# (debuerreotype): no apt caches, no docs/man pages, apt sources with the
# updates and security suites, no trace of the build host.
quai_minimize_rootfs() {
  local dir=$1 suite=$2
  cat >"$dir/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $QUAI_DEBIAN_MIRROR
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $QUAI_DEBIAN_SECURITY_MIRROR
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -f "$dir/etc/apt/sources.list"
  printf 'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n' >"$dir/etc/apt/apt.conf.d/docker-clean"
  printf 'Acquire::Languages "none";\n' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
  printf 'Acquire::GzipIndexes "true";\n' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf 'Apt::AutoRemove::SuggestsImportant "false";\n' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"
  printf 'APT::Install-Recommends "false";\n' >"$dir/etc/apt/apt.conf.d/quai-no-recommends"
  printf 'force-unsafe-io\n' >"$dir/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
# No documentation in these images (like the official -slim images).
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
# Message catalogs: French only (the sandbox speaks French; -slim images have none).
path-exclude /usr/share/locale/*
path-include /usr/share/locale/fr/*
path-include /usr/share/locale/locale.alias
EOF
  # Services must not start while packages are installed in a build.
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  find "$dir/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
  find "$dir/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$dir"/usr/share/{man,info,groff,lintian,linda}/*
  find "$dir/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'fr' ! -name locale.alias -exec rm -rf {} +
  rm -rf "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
    "$dir"/var/cache/apt/archives/partial/* "$dir"/var/lib/apt/lists/* \
    "$dir"/var/cache/debconf/*-old "$dir"/var/lib/dpkg/*-old "$dir"/tmp/* "$dir"/var/tmp/*
  find "$dir/var/log" -type f -delete
  # debootstrap copies the build host's identity; Docker provides these at run time.
  : >"$dir/etc/hostname"
  : >"$dir/etc/resolv.conf"
  : >"$dir/etc/machine-id"
  rm -f "$dir/var/lib/dbus/machine-id"
}

# quai_ensure_debian SUITE — makes sure quai-kit/debian:SUITE exists (debootstrap
# minbase, cleaned, imported). The rootfs tarball is cached in
# .cache/images/debian-SUITE-<hash>.tar and shared by the sandbox and kit builds;
# a lock lets build-sandbox.sh and offline.sh run at the same time.
quai_ensure_debian() {
  local suite=$1 image="quai-kit/debian:$1" hash tarball dir log lockfd version old
  hash=$(quai_debian_hash "$suite")
  quai_image_current "$image" "$hash" && { quai_info "Debian $suite : déjà à jour."; return 0; }

  exec {lockfd}>"$QUAI_CACHE_DIR/debian-$suite.lock"
  flock "$lockfd"
  if quai_image_current "$image" "$hash"; then
    exec {lockfd}>&-
    quai_info "Debian $suite : déjà à jour."
    return 0
  fi

  tarball="$QUAI_CACHE_DIR/debian-$suite-${hash:0:16}.tar"
  log="$QUAI_LOG_DIR/debootstrap-$suite.log"
  if [[ ! -s $tarball ]]; then
    quai_require_root
    command -v debootstrap >/dev/null 2>&1 ||
      quai_die "debootstrap est introuvable. Installez-le : apt-get install debootstrap"
    quai_info "Debian $suite : téléchargement et installation du système minimal (debootstrap, ~30 s)…"
    dir="$QUAI_CACHE_DIR/rootfs-$suite.tmp"
    quai_rm_tree "$dir"
    if ! debootstrap --variant=minbase "$suite" "$dir" "$QUAI_DEBIAN_MIRROR" >"$log" 2>&1; then
      quai_show_log "$log"
      quai_rm_tree "$dir"
      quai_die "debootstrap de Debian $suite a échoué (réseau vers le miroir Debian ? journal : $log)."
    fi
    quai_minimize_rootfs "$dir" "$suite"
    rm -f "$QUAI_CACHE_DIR/debian-$suite-"*.tar
    tar --numeric-owner --xattrs --xattrs-include='*' -C "$dir" \
      --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' \
      -cf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    quai_rm_tree "$dir"
  else
    quai_info "Debian $suite : système de base repris du cache ($tarball)."
  fi

  version=$(tar -xOf "$tarball" ./etc/debian_version 2>/dev/null || echo "$suite")
  old=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  docker import \
    -c 'CMD ["bash"]' \
    -c "LABEL $QUAI_HASH_LABEL=$hash" \
    -c "LABEL org.opencontainers.image.description=\"Quai offline stand-in: Debian $suite ($version) minbase, built with debootstrap from Debian packages (not the upstream image)\"" \
    "$tarball" "$image" >/dev/null ||
    quai_die "docker import du système Debian $suite a échoué."
  quai_forget_old_image "$old" "$image"
  exec {lockfd}>&-
  quai_info "Debian $suite ($version) : image $image prête."
}

# ---------------------------------------------------------------- parallel jobs

# quai_job NAME COMMAND... — run a command (usually a function) in the
# background; it prints its own progress lines and keeps build output in its
# log. quai_wait_jobs waits for all of them and fails if any failed.
declare -a _quai_job_pids=() _quai_job_names=()
quai_job() {
  local name=$1
  shift
  ( "$@" ) &
  _quai_job_pids+=("$!")
  _quai_job_names+=("$name")
}

quai_wait_jobs() {
  local i failed=()
  for i in "${!_quai_job_pids[@]}"; do
    wait "${_quai_job_pids[$i]}" || failed+=("${_quai_job_names[$i]}")
  done
  _quai_job_pids=() _quai_job_names=()
  ((${#failed[@]} == 0)) || quai_die "échec de : ${failed[*]} (voir les messages ci-dessus)."
}

# ---------------------------------------------------------------- the kit

QUAI_KIT_LIST="$QUAI_ROOT/$QUAI_IMAGES_SRC/kit/images.txt"

# quai_kit_entries — "LOCAL_IMAGE NAME:TAG..." lines of the kit, comments removed.
quai_kit_entries() {
  sed -e 's/#.*//' -e 's/[[:space:]]\+/ /g' -e 's/^ //' -e 's/ $//' "$QUAI_KIT_LIST" | grep -v '^$'
}

# quai_kit_names — every NAME:TAG the image cache serves, one per line.
quai_kit_names() {
  quai_kit_entries | cut -d' ' -f2- | tr ' ' '\n'
}
