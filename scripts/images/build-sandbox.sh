#!/usr/bin/env bash
# npm run images:sandbox — builds quai/sandbox:latest, the image of a learner's
# sandbox (Debian 13 + its own Docker engine). Idempotent: when the image
# already carries the hash of its inputs, it stops at once.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IMAGE=${QUAI_SANDBOX_IMAGE:-quai/sandbox:latest}
STAGE=${IMAGE%%:*}-stage:latest
SRC="$QUAI_IMAGES_SRC/sandbox"
# The sandbox's user namespace maps its root to this host uid (quai-entrypoint).
SHIFT=100000

quai_step 1 5 "Vérification de Docker et de l'image du bac à sable"
quai_require_docker
hash=$(quai_hash scripts/images/build-sandbox.sh "$SRC" "str:base=$(quai_debian_hash trixie)" "str:$(quai_recipe_hash)")
# --check: only say whether the image is current (exit 0) or not (exit 3);
# npm run doctor uses it.
if [[ ${1:-} == --check ]]; then
  quai_image_current "$IMAGE" "$hash" && exit 0
  exit 3
fi
if quai_image_current "$IMAGE" "$hash"; then
  quai_ok "L'image du bac à sable $IMAGE est à jour (${hash:0:12}, $(quai_elapsed))."
  exit 0
fi

quai_step 2 5 "Système de base Debian 13"
quai_ensure_debian trixie

quai_step 3 5 "Construction de l'image du bac à sable (paquets Debian, moteur Docker ; 1 à 2 min)"
quai_docker_build "$STAGE" "$hash" "$QUAI_ROOT/$SRC" "$QUAI_LOG_DIR/sandbox.log"

# Every file changes owner: uid/gid N becomes N+100000, the range the learner's
# user namespace maps to 0…65535. Root of the sandbox then owns its files,
# while the host sees them as belonging to an unprivileged user. One tar of
# the whole tree (xattrs kept: file capabilities), imported as a single layer
# with the stage's configuration.
quai_step 4 5 "Décalage des propriétaires de fichiers (espace de noms utilisateur du bac à sable)"
changes=()
while IFS= read -r line; do changes+=(--change "$line"); done < <(docker image inspect "$STAGE" --format '
{{- range .Config.Env }}ENV {{ . }}{{ "\n" }}{{ end -}}
WORKDIR {{ .Config.WorkingDir }}{{ "\n" -}}
ENTRYPOINT {{ json .Config.Entrypoint }}{{ "\n" -}}
{{- range $k, $v := .Config.Labels }}LABEL {{ json $k }}={{ json $v }}{{ "\n" }}{{ end -}}')
old=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
shift_script='set -euo pipefail
cd /
ids() { find / -xdev -printf "$1\n" | sort -un | awk -v s='"$SHIFT"' "{ print \"+\" \$1, \"+\" \$1 + s }"; }
ids %U >/dev/shm/uids
ids %G >/dev/shm/gids
tar --create --numeric-owner --one-file-system --xattrs --xattrs-include="*" \
  --owner-map=/dev/shm/uids --group-map=/dev/shm/gids --exclude=./.dockerenv \
  --exclude=./etc/hosts --exclude=./etc/hostname --exclude=./etc/resolv.conf \
  --warning=no-file-changed . || [ $? -eq 1 ]'
# tar exits 1 when a file changed while it read it: only the mount points of
# /proc and /sys (kernel pseudo-files, their mtimes move) can, nothing else
# runs in this container; 2 and above are real failures.
if ! docker run --rm --network none --entrypoint /bin/bash "$STAGE" -c "$shift_script" 2>"$QUAI_LOG_DIR/sandbox-shift.log" |
  docker import "${changes[@]}" - "$IMAGE" >>"$QUAI_LOG_DIR/sandbox-shift.log" 2>&1; then
  quai_show_log "$QUAI_LOG_DIR/sandbox-shift.log"
  quai_die "le décalage des propriétaires de l'image $IMAGE a échoué (journal complet : $QUAI_LOG_DIR/sandbox-shift.log)."
fi
quai_forget_old_image "$old" "$IMAGE"
# $STAGE stays: it is docker build's cache, so that a change to the sandbox's
# scripts rebuilds in seconds rather than reinstalling every package.

quai_step 5 5 "Vérification de l'image"
if ! out=$(docker run --rm --network none --entrypoint /bin/bash "$IMAGE" -c \
  'dockerd --version && docker --version && docker compose version && docker buildx version && locale -a | grep -qi fr_FR.utf8 &&
   [[ $(stat -c %u:%g "$(command -v dockerd)") == '"$SHIFT:$SHIFT"' ]] && [[ ! -u /usr/lib/quai/sbin/mount ]]' 2>&1); then
  printf '%s\n' "$out" >&2
  quai_die "l'image $IMAGE est incomplète (voir ci-dessus)."
fi
quai_info "$(grep -m1 '^Docker version' <<<"$out")"
quai_ok "Image $IMAGE prête ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d Mo", $1/1e6}'), $(quai_elapsed))."
