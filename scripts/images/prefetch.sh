#!/usr/bin/env bash
# npm run images:prefetch — for hosts WITH Internet, whose image cache runs in
# proxy mode (pull-through cache of Docker Hub): pulls through the cache every
# image the course uses, so that learners' first pulls are instant and keep
# working if Docker Hub is slow or rate-limits.
#
# Images: the kit (sandbox-runner/images/kit/images.txt) plus every reference
# found in the code blocks of content/**/*.md (FROM lines, docker run/pull,
# compose "image:" lines). Each one is fetched through the running cache
# container's HTTP API (manifest, config and layers for this host's platform)
# by a throw-away helper container that shares the cache's network namespace,
# so the cache needs no published port.
#
# Environment: QUAI_CACHE_CONTAINER (quai-cache).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CACHE=${QUAI_CACHE_CONTAINER:-quai-cache}
HELPER_IMAGE=quai/sandbox:latest   # has bash, curl and jq

# content_refs — image references in the course: code blocks of shell,
# Dockerfiles and compose files, and the check/solution scripts of exercises
# (not quizzes, hints or prose). Images the course builds itself (docker build
# -t, docker tag) are left out.
content_refs() {
  local dir="$QUAI_ROOT/content" code
  [[ -d $dir ]] || return 0
  # shellcheck disable=SC2016 # awk program
  code=$(find "$dir" -name '*.md' -print0 | xargs -0 -r awk '
    /^[[:space:]]*(```|~~~)/ {
      if (lang == "") { lang = $0; sub(/^[[:space:]]*(```|~~~)[[:space:]]*/, "", lang); sub(/[[:space:]].*/, "", lang); if (lang == "") lang = "none"; script = 0 }
      else lang = ""
      next
    }
    lang == "exercise" && /^[a-z_]+:/ { script = ($0 ~ /^(check|solution):/); next }
    lang ~ /^(sh|bash|shell|console|dockerfile|Dockerfile|yaml|yml)$/ || (lang == "exercise" && script) { print }
  ')
  local built
  built=$(grep -oE '(docker (image )?build .*(-t|--tag)[ =][^ ]+|docker (image )?tag [^ ]+ [^ ]+|docker (container )?commit .* [^ ]+$|docker (image )?import .* [^ ]+$)' <<<"$code" |
    awk '{ print $NF }' | sed 's/^--tag=//; s/^-t=//' | sort -u)
  refs_from_lines <<<"$code" | grep -vxF -f <(printf '%s\n' "$built" | grep .) || true
}

# refs_from_lines — reads shell/Dockerfile/compose lines, prints image references.
refs_from_lines() {
  # Options of docker run/pull that take a separate value.
  local -A takes_value=()
  local o
  for o in -a -c -e -h -l -m -p -u -v -w --add-host --attach --blkio-weight --cap-add --cap-drop \
    --cgroup-parent --cgroupns --cidfile --cpu-period --cpu-quota --cpu-shares --cpus --cpuset-cpus \
    --device --dns --dns-option --dns-search --entrypoint --env --env-file --expose --gpus --group-add \
    --health-cmd --health-interval --health-retries --health-start-period --health-timeout --hostname \
    --ip --ip6 --ipc --isolation --label --label-file --link --log-driver --log-opt --mac-address \
    --memory --memory-reservation --memory-swap --mount --name --network --net --network-alias \
    --pid --platform --publish --pull --restart --runtime --security-opt --shm-size --stop-signal \
    --stop-timeout --storage-opt --sysctl --tmpfs --ulimit --user --userns --uts --volume \
    --volume-driver --volumes-from --workdir; do
    takes_value[$o]=1
  done
  local line stages=" scratch " words w i skip image
  local -a lines=()
  mapfile -t lines
  # Build stage names ("FROM x AS name") are not images.
  for line in "${lines[@]}"; do
    if [[ $line =~ ^[[:space:]]*FROM[[:space:]].*[[:space:]][Aa][Ss][[:space:]]+([^[:space:]]+) ]]; then
      stages+="${BASH_REMATCH[1]} "
    fi
  done
  for line in "${lines[@]}"; do
    line=${line#*\$ }   # "$ docker run ..." prompts in examples
    [[ $line =~ ^[[:space:]]*(echo|printf)[[:space:]] ]] && continue   # messages of check scripts
    image=
    if [[ $line =~ ^[[:space:]]*FROM[[:space:]]+(--platform=[^[:space:]]+[[:space:]]+)?([^[:space:]]+) ]]; then
      image=${BASH_REMATCH[2]}
    elif [[ $line =~ ^[[:space:]]*-?[[:space:]]*image:[[:space:]]*[\"\']?([^\"\'[:space:]]+) ]]; then
      image=${BASH_REMATCH[1]}
    elif [[ $line =~ docker[[:space:]]+(container[[:space:]]+|image[[:space:]]+)?(run|create|pull)[[:space:]]+(.*)$ ]]; then
      read -r -a words <<<"${BASH_REMATCH[3]}"
      skip=0
      for w in "${words[@]}"; do
        if ((skip)); then skip=0; continue; fi
        if [[ $w == -* ]]; then
          [[ $w != *=* && -n ${takes_value[$w]:-} ]] && skip=1
          continue
        fi
        image=$w
        break
      done
    fi
    image=${image%%[\`\;\|\&\)]*}
    [[ -n $image && $stages != *" $image "* ]] || continue
    printf '%s\n' "$image"
  done
}

# normalize_refs — keep Docker Hub references, as REPO:TAG with library/ for
# official images; drop other registries (localhost:5000/...) and variables.
normalize_refs() {
  local ref name tag first
  local re='^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$'
  while read -r ref; do
    ref=${ref#docker.io/}
    [[ $ref =~ $re ]] || continue
    first=${ref%%/*}
    [[ $ref == */* && ($first == *.* || $first == *:* || $first == localhost) ]] && continue
    name=${ref%%:*}
    tag=latest
    [[ $ref == *:* ]] && tag=${ref#*:}
    [[ $name == */* ]] || name="library/$name"
    printf '%s:%s\n' "$name" "$tag"
  done | LC_ALL=C sort -u
}

# Runs inside the helper container, in the cache's network namespace.
# Args: ARCH REF... ; prints one line per image: "ok REF N" / "absent REF" / "error REF why".
# shellcheck disable=SC2016
FETCH_SCRIPT='
set -u
arch=$1; shift
base=http://127.0.0.1:5000/v2
accept="application/vnd.oci.image.index.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json"
get_manifest() { # repo ref -> body in /tmp/m, prints http code
  curl -s --max-time 120 -o /tmp/m -w "%{http_code}" -H "Accept: $accept" "$base/$1/manifests/$2"
}
for ref in "$@"; do
  repo=${ref%:*}; tag=${ref##*:}
  code=$(get_manifest "$repo" "$tag")
  case $code in
    200) ;;
    401|404) echo "absent $ref"; continue ;;
    *) echo "error $ref HTTP $code $(head -c 200 /tmp/m | tr -d "\n")"; continue ;;
  esac
  mt=$(jq -r ".mediaType // empty" /tmp/m)
  if [[ $mt == *index* || $mt == *list* ]] || jq -e ".manifests" /tmp/m >/dev/null 2>&1; then
    digest=$(jq -r --arg a "$arch" "[.manifests[] | select(.platform.os == \"linux\" and .platform.architecture == \$a)][0].digest // empty" /tmp/m)
    [[ -n $digest ]] || { echo "error $ref no linux/$arch manifest"; continue; }
    code=$(get_manifest "$repo" "$digest")
    [[ $code == 200 ]] || { echo "error $ref HTTP $code for $digest"; continue; }
  fi
  n=0; failed=
  for blob in $(jq -r "[.config.digest] + [.layers[].digest] | .[]" /tmp/m); do
    code=$(curl -s --max-time 900 -o /dev/null -w "%{http_code}" "$base/$repo/blobs/$blob")
    [[ $code == 200 ]] || { failed="HTTP $code for $blob"; break; }
    n=$((n + 1))
  done
  if [[ -n $failed ]]; then echo "error $ref $failed"; else echo "ok $ref $n"; fi
done
'

quai_step 1 3 "Vérification du cache d'images (conteneur $CACHE)"
quai_require_docker
running=$(docker inspect -f '{{.State.Running}}' "$CACHE" 2>/dev/null) ||
  quai_die "le conteneur du cache d'images « $CACHE » n'existe pas. Démarrez Quai en mode proxy (le runner crée ce conteneur), ou indiquez son nom avec QUAI_CACHE_CONTAINER."
[[ $running == true ]] ||
  quai_die "le conteneur du cache d'images « $CACHE » est arrêté. Démarrez Quai en mode proxy, puis relancez."
remote=$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$CACHE" | sed -n 's/^REGISTRY_PROXY_REMOTEURL=//p')
[[ -n $remote ]] ||
  quai_die "le cache « $CACHE » n'est pas en mode proxy (pas de REGISTRY_PROXY_REMOTEURL) : il sert le kit hors ligne et ne peut rien télécharger. Le préchargement ne sert qu'en mode proxy (hôte avec accès à Internet) ; voir docs/images.md."
docker image inspect "$HELPER_IMAGE" >/dev/null 2>&1 ||
  quai_die "l'image $HELPER_IMAGE manque (elle sert d'outil pour interroger le cache) : lancez d'abord npm run images:sandbox."
if ! docker run --rm --network "container:$CACHE" --entrypoint curl "$HELPER_IMAGE" \
  -fs --max-time 10 -o /dev/null http://127.0.0.1:5000/v2/ 2>/dev/null; then
  quai_die "le cache « $CACHE » ne répond pas sur son port 5000 (voir docker logs $CACHE)."
fi
quai_info "Cache en mode proxy vers $remote."

quai_step 2 3 "Liste des images utilisées par le cours"
mapfile -t refs < <({ quai_kit_names; content_refs; } | normalize_refs)
((${#refs[@]} > 0)) || quai_die "aucune image trouvée (liste du kit vide ?)."
quai_info "${#refs[@]} images : ${refs[*]}"

quai_step 3 3 "Téléchargement des images à travers le cache (peut prendre plusieurs minutes)"
case "$(docker info -f '{{.Architecture}}' 2>/dev/null)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch=$(dpkg --print-architecture 2>/dev/null || echo amd64) ;;
esac
errors=0
while read -r status ref rest; do
  case $status in
    ok) quai_info "$ref : en cache ($rest blobs)." ;;
    absent) quai_info "$ref : introuvable sur $remote (image construite pendant le cours ?), ignorée." ;;
    *) quai_info "$ref : ÉCHEC ($rest)"; errors=$((errors + 1)) ;;
  esac
done < <(docker run --rm --network "container:$CACHE" --entrypoint bash "$HELPER_IMAGE" \
  -c "$FETCH_SCRIPT" prefetch "$arch" "${refs[@]}" ||
  echo "error helper le conteneur d'aide s'est arrêté")
((errors == 0)) || quai_die "$errors image(s) n'ont pas pu être préchargées (réseau ou limite de Docker Hub ?) ; relancez plus tard."
quai_ok "Préchargement terminé ($(quai_elapsed))."
