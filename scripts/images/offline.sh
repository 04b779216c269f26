#!/usr/bin/env bash
# npm run images:offline — builds the offline kit (stand-ins of hello-world,
# busybox, alpine, debian, ubuntu, nginx, golang, eclipse-temurin, postgres,
# redis, registry, all from Debian packages; list in
# sandbox-runner/images/kit/images.txt) and seeds the image cache volume with them.
#
# Idempotent: an image is rebuilt only when its inputs changed (label
# quai.build-hash), and the volume is reseeded only when the kit changed
# (hash in /var/lib/registry/quai-kit.hash inside the volume).
#
# Environment: QUAI_CACHE_VOLUME (quai-cache-data), QUAI_SEED_PORT (5001, on
# 127.0.0.1, used only while seeding), QUAI_DEBIAN_MIRROR.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VOLUME=${QUAI_CACHE_VOLUME:-quai-cache-data}
SEED_NAME=quai-cache-seed
SEED_PORT=${QUAI_SEED_PORT:-5001}
SEED_ADDR="127.0.0.1:$SEED_PORT"
REGISTRY_IMAGE=quai/registry:2.8
KIT="$QUAI_IMAGES_SRC/kit"
HASH_FILE=/var/lib/registry/quai-kit.hash

# ---------------------------------------------------------------- builds

# image_hash SRC_DIR PARENT_HASH — build hash of a kit image: its directory,
# its parent's hash and the docker build recipe.
image_hash() {
  quai_hash "$1" "str:parent=$2" "str:$(quai_recipe_hash)"
}

# build IMAGE SRC_DIR HASH [CONTEXT] — build one kit image unless it is current.
build() {
  local image=$1 src=$2 hash=$3 t0=$SECONDS
  local context=${4:-$QUAI_ROOT/$src}
  if quai_image_current "$image" "$hash"; then
    quai_info "$image : déjà à jour."
    return 0
  fi
  quai_info "$image : construction…"
  quai_docker_build "$image" "$hash" "$context" "$QUAI_LOG_DIR/$(tr '/:' '__' <<<"$image").log"
  quai_info "$image : prête ($((SECONDS - t0)) s)."
}

build_hello_world() {
  local ctx="$QUAI_CACHE_DIR/ctx/hello-world"
  quai_image_current quai-kit/hello-world:latest "$h_hello" && { quai_info "quai-kit/hello-world:latest : déjà à jour."; return 0; }
  command -v gcc >/dev/null 2>&1 ||
    quai_die "gcc est introuvable : il compile le programme de hello-world. Installez-le : apt-get install gcc"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp -a "$QUAI_ROOT/$KIT/hello-world/." "$ctx/"
  # No libc, no PIE, no page alignment (-n): a ~1.3 KB static binary.
  gcc -Os -static -nostdlib -fno-pie -no-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
    -Wl,--build-id=none -Wl,-n -Wl,--gc-sections -s -o "$ctx/hello" "$ctx/hello.c" ||
    quai_die "la compilation de hello-world a échoué."
  build quai-kit/hello-world:latest "$KIT/hello-world" "$h_hello" "$ctx"
}

build_busybox_alpine() {
  build quai-kit/busybox:latest "$KIT/busybox" "$h_busybox"
  build quai-kit/alpine:latest "$KIT/alpine" "$h_alpine"
}

build_temurin() {
  build quai-kit/eclipse-temurin:21-jre "$KIT/temurin-jre" "$h_jre"
  build quai-kit/eclipse-temurin:21-jdk "$KIT/temurin-jdk" "$h_jdk"
}

# ---------------------------------------------------------------- checks

# run_check IMAGE EXPECTED COMMAND... — the image starts (no network) and prints EXPECTED.
run_check() {
  local image=$1 expected=$2 out
  shift 2
  if ! out=$(docker run --rm --network none "$image" "$@" 2>&1) || ! grep -qF -- "$expected" <<<"$out"; then
    printf '%s\n' "$out" | tail -n 10 >&2
    quai_die "l'image $image ne fonctionne pas comme prévu (attendu : « $expected »)."
  fi
}

check_images() {
  local go_tag java_tag
  go_tag=$(quai_kit_names | sed -n 's/^golang:\([0-9][0-9.]*\)$/\1/p' | head -1)
  java_tag=$(quai_kit_names | sed -n 's/^eclipse-temurin:\([0-9]*\)-jdk$/\1/p' | head -1)
  run_check quai-kit/hello-world:latest "Hello from Docker!"
  run_check quai-kit/busybox:latest "ok" echo ok
  run_check quai-kit/alpine:latest "ID=alpine" cat /etc/os-release
  run_check quai-kit/debian:trixie "13." cat /etc/debian_version
  run_check quai-kit/debian:bookworm "12." cat /etc/debian_version
  run_check quai-kit/ubuntu:latest "13." cat /etc/debian_version
  run_check quai-kit/nginx:latest "syntax is ok" nginx -t
  # The tags say which Go and Java versions the course can count on.
  run_check quai-kit/golang:latest "go$go_tag" go version
  run_check quai-kit/eclipse-temurin:21-jre "version \"$java_tag" java -version
  run_check quai-kit/eclipse-temurin:21-jdk "javac $java_tag" javac -version
  run_check quai-kit/postgres:17 "(PostgreSQL) 17." postgres --version
  run_check quai-kit/redis:8 "Redis server v=8." redis-server --version
  run_check "$REGISTRY_IMAGE" "2.8" --version
  serve_check quai-kit/postgres:17 "1" -e POSTGRES_PASSWORD=quai -- \
    sh -c 'until pg_isready -q; do sleep 0.2; done; psql -U postgres -tAc "select 1"'
  serve_check quai-kit/redis:8 "PONG" -- sh -c 'until redis-cli ping 2>/dev/null; do sleep 0.2; done'
}

# serve_check IMAGE EXPECTED [RUN OPTIONS...] -- COMMAND... — the image serves:
# a container started with the options answers COMMAND (run inside it) with EXPECTED.
serve_check() {
  local image=$1 expected=$2 name out
  shift 2
  local -a opts=()
  while [[ $1 != -- ]]; do opts+=("$1"); shift; done
  shift
  name="quai-kit-check-$$-$RANDOM"
  docker run -d --name "$name" --network none "${opts[@]}" "$image" >/dev/null
  if ! out=$(timeout 60 docker exec "$name" "$@" 2>&1) || ! grep -qF -- "$expected" <<<"$out"; then
    docker logs "$name" 2>&1 | tail -n 10 >&2
    docker rm -f "$name" >/dev/null 2>&1 || true
    quai_die "l'image $image ne sert pas comme prévu (attendu : « $expected »)."
  fi
  docker rm -f "$name" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- cache volume

volume_hash() {
  docker volume inspect "$VOLUME" >/dev/null 2>&1 || return 0
  docker run --rm --network none -v "$VOLUME:/var/lib/registry:ro" --entrypoint cat \
    "$REGISTRY_IMAGE" "$HASH_FILE" 2>/dev/null || true
}

seed_cleanup() {
  local name
  docker rm -f "$SEED_NAME" >/dev/null 2>&1 || true
  while read -r name; do
    docker image rm "$SEED_ADDR/library/$name" >/dev/null 2>&1 || true
  done < <(quai_kit_names)
}

# push_entry LOCAL NAME:TAG... — tag and push one kit image under its names.
push_entry() {
  local image=$1 name log
  shift
  log="$QUAI_LOG_DIR/push-$(tr '/:' '__' <<<"$image").log"
  : >"$log"
  for name in "$@"; do
    if ! docker tag "$image" "$SEED_ADDR/library/$name" ||
      ! docker push "$SEED_ADDR/library/$name" >>"$log" 2>&1; then
      quai_show_log "$log"
      quai_die "l'envoi de $name dans le cache a échoué."
    fi
  done
  quai_info "$* : dans le cache."
}

seed() {
  local hash=$1 entry i
  docker volume create "$VOLUME" >/dev/null
  seed_cleanup
  trap seed_cleanup EXIT
  docker run -d --name "$SEED_NAME" -v "$VOLUME:/var/lib/registry" -p "$SEED_ADDR:5000" \
    "$REGISTRY_IMAGE" >/dev/null 2>"$QUAI_LOG_DIR/seed-run.log" || {
    quai_show_log "$QUAI_LOG_DIR/seed-run.log"
    quai_die "impossible de démarrer le registre temporaire $SEED_NAME sur $SEED_ADDR (port occupé ? choisissez-en un autre avec QUAI_SEED_PORT)."
  }
  for ((i = 0; i < 100; i++)); do
    curl -fs -o /dev/null "http://$SEED_ADDR/v2/" && break
    sleep 0.1
  done
  curl -fs -o /dev/null "http://$SEED_ADDR/v2/" ||
    quai_die "le registre temporaire $SEED_NAME ne répond pas sur $SEED_ADDR."

  while read -r entry; do
    # shellcheck disable=SC2086 # entry is "image name:tag...", split on purpose
    quai_job "push $entry" push_entry $entry
  done < <(quai_kit_entries)
  quai_wait_jobs

  # Drop what an older kit left behind (untagged manifests and their layers),
  # unless the volume also holds a pull-through cache (proxy mode): the
  # registry's GC would also delete the platform manifests of multi-arch
  # images it fetched, which are never tagged.
  if docker exec "$SEED_NAME" test -e /var/lib/registry/scheduler-state.json; then
    quai_info "Volume utilisé aussi en mode proxy : pas de nettoyage des anciennes couches."
  elif ! docker exec "$SEED_NAME" registry garbage-collect --delete-untagged \
    /etc/docker/registry/config.yml >"$QUAI_LOG_DIR/seed-gc.log" 2>&1; then
    quai_info "Nettoyage des anciennes couches impossible (voir $QUAI_LOG_DIR/seed-gc.log) ; le cache reste utilisable."
  fi
  docker exec "$SEED_NAME" sh -c 'printf "%s\n" "$1" >"$2"' sh "$hash" "$HASH_FILE"
  seed_cleanup
  trap - EXIT
}

# ---------------------------------------------------------------- main

quai_step 1 5 "Vérification de Docker et du cache d'images"
quai_require_docker
[[ -s $QUAI_KIT_LIST ]] || quai_die "liste du kit introuvable : $QUAI_KIT_LIST"
# Every build hash, from the sources alone (parents first).
h_trixie=$(quai_debian_hash trixie)
h_bookworm=$(quai_debian_hash bookworm)
h_registry=$(image_hash "$QUAI_IMAGES_SRC/registry" "$h_trixie")
h_hello=$(image_hash "$KIT/hello-world" "$(declare -f build_hello_world)")
h_busybox=$(image_hash "$KIT/busybox" "$h_trixie")
h_alpine=$(image_hash "$KIT/alpine" "$h_busybox")
h_ubuntu=$(image_hash "$KIT/ubuntu" "$h_trixie")
h_nginx=$(image_hash "$KIT/nginx" "$h_trixie")
h_golang=$(image_hash "$KIT/golang" "$h_trixie")
h_jre=$(image_hash "$KIT/temurin-jre" "$h_trixie")
h_jdk=$(image_hash "$KIT/temurin-jdk" "$h_jre")
h_postgres=$(image_hash "$KIT/postgres" "$h_trixie")
h_redis=$(image_hash "$KIT/redis" "$h_trixie")
# What the volume holds: all of the above, the tags and the seeding procedure.
kit_hash=$(quai_hash scripts/images/offline.sh "$QUAI_KIT_LIST" "str:$h_registry $h_hello $h_alpine $h_bookworm $h_ubuntu $h_nginx $h_golang $h_jdk $h_postgres $h_redis")
if quai_image_current "$REGISTRY_IMAGE" "$h_registry" && [[ "$(volume_hash)" == "$kit_hash" ]]; then
  quai_ok "Le cache d'images (volume $VOLUME) est à jour (${kit_hash:0:12}, $(quai_elapsed))."
  exit 0
fi

quai_step 2 5 "Systèmes de base Debian 13 et Debian 12 (en parallèle)"
quai_job "Debian 13" quai_ensure_debian trixie
quai_job "Debian 12" quai_ensure_debian bookworm
quai_wait_jobs

quai_step 3 5 "Construction des images du kit à partir des paquets Debian (en parallèle, quelques minutes la première fois)"
quai_job "registry" build "$REGISTRY_IMAGE" "$QUAI_IMAGES_SRC/registry" "$h_registry"
quai_job "golang" build quai-kit/golang:latest "$KIT/golang" "$h_golang"
quai_job "eclipse-temurin" build_temurin
quai_job "nginx" build quai-kit/nginx:latest "$KIT/nginx" "$h_nginx"
quai_job "busybox/alpine" build_busybox_alpine
quai_job "ubuntu" build quai-kit/ubuntu:latest "$KIT/ubuntu" "$h_ubuntu"
quai_job "hello-world" build_hello_world
quai_job "postgres" build quai-kit/postgres:17 "$KIT/postgres" "$h_postgres"
quai_job "redis" build quai-kit/redis:8 "$KIT/redis" "$h_redis"
quai_wait_jobs

quai_step 4 5 "Vérification des images"
check_images

quai_step 5 5 "Remplissage du cache d'images (volume $VOLUME)"
if [[ "$(volume_hash)" == "$kit_hash" ]]; then
  quai_info "Le volume $VOLUME contient déjà ce kit."
else
  seed "$kit_hash"
fi
quai_ok "Kit hors ligne prêt : $(quai_kit_names | wc -l) images dans le volume $VOLUME ($(quai_elapsed))."
