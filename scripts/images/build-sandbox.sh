#!/usr/bin/env bash
# npm run images:sandbox — builds quai/sandbox:latest, the image of a learner's
# sandbox (Debian 13 + its own Docker engine). Idempotent: when the image
# already carries the hash of its inputs, it stops at once.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

IMAGE=quai/sandbox:latest
SRC="$QUAI_IMAGES_SRC/sandbox"

quai_step 1 4 "Vérification de Docker et de l'image du bac à sable"
quai_require_docker
hash=$(quai_hash scripts/images/build-sandbox.sh "$SRC" "str:base=$(quai_debian_hash trixie)" "str:$(quai_recipe_hash)")
if quai_image_current "$IMAGE" "$hash"; then
  quai_ok "L'image du bac à sable $IMAGE est à jour (${hash:0:12}, $(quai_elapsed))."
  exit 0
fi

quai_step 2 4 "Système de base Debian 13"
quai_ensure_debian trixie

quai_step 3 4 "Construction de l'image du bac à sable (paquets Debian, moteur Docker ; 1 à 2 min)"
quai_docker_build "$IMAGE" "$hash" "$QUAI_ROOT/$SRC" "$QUAI_LOG_DIR/sandbox.log"

quai_step 4 4 "Vérification de l'image"
if ! out=$(docker run --rm --network none --entrypoint /bin/bash "$IMAGE" -c \
  'dockerd --version && docker --version && docker compose version && docker buildx version && locale -a | grep -qi fr_FR.utf8' 2>&1); then
  printf '%s\n' "$out" >&2
  quai_die "l'image $IMAGE est incomplète (voir ci-dessus)."
fi
quai_info "$(grep -m1 '^Docker version' <<<"$out")"
quai_ok "Image $IMAGE prête ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d Mo", $1/1e6}'), $(quai_elapsed))."
