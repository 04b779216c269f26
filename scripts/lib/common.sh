# Shared shell helpers for start.sh and test.sh. Messages are in French: a
# self-hoster reads them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA_DIR="${QUAI_DATA_DIR:-$ROOT/.data}"

say() { printf '\033[1;34m▶\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m✗\033[0m %s\n' "$*" >&2; exit 1; }

require_node() {
  command -v node >/dev/null 2>&1 || fail "Node.js est introuvable. Installez Node 20 (par exemple : sudo apt-get install nodejs npm), puis relancez."
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || fail "Node $major est trop ancien : Quai demande Node 20 ou plus récent."
}

require_docker() {
  command -v docker >/dev/null 2>&1 || fail "La commande docker est introuvable. Installez Docker Engine (sudo apt-get install docker.io), puis relancez."
  if ! docker info >/dev/null 2>&1; then
    fail "Aucun moteur Docker ne répond : démarrez-le (sudo systemctl start docker) et vérifiez que votre utilisateur peut l'utiliser (sudo usermod -aG docker \$USER, puis reconnectez-vous)."
  fi
}

# deps_hash — what node_modules was installed from: the lock, and the Node
# version and platform (better-sqlite3 is a native module built for one ABI).
deps_hash() {
  { sha256sum "$ROOT/package-lock.json"; node -p 'process.version + " " + process.platform + " " + process.arch'; } | sha256sum | cut -c1-64
}

# Installs npm dependencies exactly as package-lock.json says (`npm ci`) when
# node_modules is missing or was installed from another lock, Node or
# platform. The committed lock is complete for Linux x64 and arm64: an
# install that changes it is an error (it would differ from machine to machine).
ensure_deps() {
  local stamp="$ROOT/node_modules/.quai-deps-hash" want before
  want="$(deps_hash)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  say "Installation des dépendances npm (npm ci ; la première fois, compter 2 à 3 minutes)…"
  before="$(sha256sum "$ROOT/package-lock.json")"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) ||
    fail "L'installation des dépendances (npm ci) a échoué : voir les messages ci-dessus. Si package.json a changé, régénérez package-lock.json avec npm install."
  [ "$(sha256sum "$ROOT/package-lock.json")" = "$before" ] ||
    fail "L'installation a modifié package-lock.json : le verrou enregistré est incomplet pour cette machine. Régénérez-le (npm install), vérifiez que npm ci le laisse intact, puis enregistrez-le."
  printf '%s\n' "$want" >"$stamp"
}

# tree_status — git's view of the working tree (tracked changes and untracked files).
tree_status() { git -C "$ROOT" status --porcelain --untracked-files=all; }

# ensure_deps_clean — ensure_deps, failing if the install changed anything in
# the git tree (a rewritten lock, a generated file). CI runs it on a fresh clone.
ensure_deps_clean() {
  local before after
  before="$(tree_status)"
  ensure_deps
  after="$(tree_status)"
  [ "$after" = "$before" ] || fail "L'installation des dépendances a modifié l'arbre git :
$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | grep '^[<>]' || true)"
}

# The data directory holds learners' progress and secrets: only this account
# reads it (0700; files 0600). An older Quai created it world-readable.
ensure_data_dir() {
  mkdir -p "$DATA_DIR"
  # Never tighten a folder others share (QUAI_DATA_DIR=/tmp would lock everyone else out of it).
  if [ -k "$DATA_DIR" ] || [ -n "$(find "$DATA_DIR" -maxdepth 0 -perm -0002)" ]; then
    fail "$DATA_DIR est un dossier partagé (tout le monde peut y écrire) : donnez à Quai un dossier de données à lui (QUAI_DATA_DIR)."
  fi
  chmod 700 "$DATA_DIR"
}

# private_file FILE — creates FILE (empty) readable by this account only, or makes it so.
private_file() {
  (umask 077 && : >>"$1")
  chmod 600 "$1"
}

# The runner's shared secret: from the environment, or generated once under the data directory.
ensure_secret() {
  ensure_data_dir
  if [ -z "${QUAI_RUNNER_SECRET:-}" ]; then
    [ -s "$DATA_DIR/runner-secret" ] || (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))' >"$DATA_DIR/runner-secret")
    chmod 600 "$DATA_DIR/runner-secret"
    QUAI_RUNNER_SECRET="$(cat "$DATA_DIR/runner-secret")"
  fi
  export QUAI_RUNNER_SECRET
}

# ensure_trainer_password — the trainer « admin »'s password for /formateur:
# QUAI_TRAINER_PASSWORD if set, else one generated once into the data folder
# (the site reads the same file), printed so the self-hoster can sign in.
ensure_trainer_password() {
  ensure_data_dir
  [ -n "${QUAI_TRAINER_PASSWORD:-}" ] && return 0
  local file="$DATA_DIR/trainer-password"
  [ -s "$file" ] || (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("base64url") + "\n")' >"$file")
  chmod 600 "$file"
  TRAINER_PASSWORD_SHOWN="$(tr -d '\n' <"$file")"
}

# ensure_tool COMMAND PACKAGE WHY — installs a missing Debian package when we
# may (root, apt-get present); otherwise says which command to run.
ensure_tool() {
  local cmd="$1" pkg="$2" why="$3"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installation de $pkg depuis les paquets Debian ($why)…"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null ||
      fail "L'installation de $pkg a échoué. Lancez : sudo apt-get install $pkg, puis relancez."
    return 0
  fi
  fail "$cmd est introuvable ($why). Installez-le : sudo apt-get install $pkg, puis relancez."
}

# The addresses learners may open the site at: localhost, this machine's name
# and each of its addresses (a classroom reaches the trainer's machine by IP).
# Terminal sockets from any other page are refused by the runner (Origin).
default_origins() {
  local port="$1" list="http://localhost:$1,http://127.0.0.1:$1" host
  for host in $(hostname 2>/dev/null) $(hostname -I 2>/dev/null); do
    case "$host" in *:*) host="[$host]" ;; esac
    list+=",http://$host:$port"
  done
  printf '%s' "$list"
}

# Debian's chromium for the end-to-end tests (no browser is downloaded).
require_chromium() {
  [ -n "${QUAI_E2E_CHROMIUM:-}" ] && return 0
  ensure_tool chromium chromium "navigateur des tests de bout en bout"
}

# images_hash — what the images were last made from: their sources and
# scripts, the settings the scripts read, and the images and cache volume as
# the engine has them now (an image removed or rebuilt elsewhere changes it).
images_hash() {
  {
    (cd "$ROOT" && find scripts/images sandbox-runner/images -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    printf '%s\n' "${QUAI_SANDBOX_IMAGE:-}" "${QUAI_CACHE_VOLUME:-}" "${QUAI_DEBIAN_MIRROR:-}" "${QUAI_DEBIAN_SECURITY_MIRROR:-}"
    # Only the images these scripts make: another program's labelled images
    # (a test's, another Quai's stage image) must not count.
    docker images --no-trunc --filter label=quai.build-hash --format '{{.ID}} {{.Repository}}:{{.Tag}}' |
      awk -v sandbox="${QUAI_SANDBOX_IMAGE:-quai/sandbox:latest}" '$2 == sandbox || $2 ~ /^quai-kit\// || $2 ~ /^quai\/registry:/' | LC_ALL=C sort
    docker volume inspect -f '{{.CreatedAt}}' "${QUAI_CACHE_VOLUME:-quai-cache-data}" 2>/dev/null || true
  } | sha256sum | cut -c1-64
}

# Builds the sandbox image and the offline kit when needed. The scripts
# themselves skip what is current, but checking takes several seconds; a
# stamp of the last successful run skips even that when nothing changed.
ensure_images() {
  local stamp="$DATA_DIR/images.hash" want
  ensure_data_dir
  want="$(images_hash)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  if ! docker image inspect quai/sandbox:latest quai-kit/debian:trixie quai-kit/debian:bookworm >/dev/null 2>&1; then
    ensure_tool debootstrap debootstrap "construction des images à partir des paquets Debian"
  fi
  bash "$ROOT/scripts/images/build-sandbox.sh"
  bash "$ROOT/scripts/images/offline.sh"
  images_hash >"$stamp"
}

# Files that are surely not inputs of `npm run build` (tests, docs, tools):
# editing them must not cost a rebuild. Anything else counts, so a new
# source folder can never be missed.
NOT_BUILD_INPUTS='^(docs|e2e|bench|deploy|scripts|\.ci|sandbox-runner/test|sandbox-runner/images)/|\.test\.ts$|^[^/]*\.md$|^(vitest\.config\.mts|eslint\.config\.mjs)$'

# source_hash — the inputs of `npm run build`: every file git would track
# (tracked or new, ignored ones left out) but the above, names and contents,
# and the installed dependencies. Outside a git clone, every file but the outputs.
source_hash() {
  {
    (
      cd "$ROOT"
      if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files -z --cached --others --exclude-standard
      else
        find . \( -name node_modules -o -name .next -o -name dist -o -name .data -o -name .cache -o -name .git -o -path ./public/_quai \) -prune -o -type f -printf '%P\0'
      fi | grep -zEv "$NOT_BUILD_INPUTS" | LC_ALL=C sort -z | xargs -0 sha256sum 2>/dev/null || true # a file deleted but still in git's index is simply absent
    )
    cat "$ROOT/node_modules/.quai-deps-hash" 2>/dev/null || true
  } | sha256sum | cut -c1-64
}

# Compiles the runner and the site unless the last build was made from the
# same sources (its stamp lives in .next, which `next build` recreates).
ensure_build() {
  local stamp="$ROOT/.next/quai-source-hash" want
  want="$(source_hash)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
    [ -f "$ROOT/.next/BUILD_ID" ] && [ -f "$ROOT/public/_quai/terminal-kit.js" ] && [ -f "$ROOT/sandbox-runner/dist/main.js" ] && [ -f "$ROOT/site-server/dist/main.js" ]; then
    say "Compilation à jour : rien à recompiler."
    return 0
  fi
  say "Compilation du service des bacs à sable et du site (1 à 2 minutes)…"
  ensure_data_dir
  private_file "$DATA_DIR/build.log"
  (cd "$ROOT" && npm run -s build) >"$DATA_DIR/build.log" 2>&1 || { tail -n 40 "$DATA_DIR/build.log" >&2; fail "La compilation a échoué (journal complet : $DATA_DIR/build.log)."; }
  printf '%s\n' "$want" >"$stamp"
}
