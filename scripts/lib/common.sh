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

# Installs npm dependencies when package-lock.json changed since the last install.
ensure_deps() {
  local stamp="$ROOT/node_modules/.quai-lock-hash" want
  want="$(sha256sum "$ROOT/package-lock.json" | cut -c1-64)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  say "Installation des dépendances npm (la première fois, compter 2 à 3 minutes)…"
  # `npm install`, not `npm ci`: npm 11 leaves other platforms' optional
  # packages (next's and tailwind's native builds) out of the lock, which `npm ci` refuses.
  (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error)
  sha256sum "$ROOT/package-lock.json" | cut -c1-64 >"$stamp"
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

ensure_images() {
  if ! docker image inspect quai/sandbox:latest quai-kit/debian:trixie quai-kit/debian:bookworm >/dev/null 2>&1; then
    ensure_tool debootstrap debootstrap "construction des images à partir des paquets Debian"
  fi
  bash "$ROOT/scripts/images/build-sandbox.sh"
  bash "$ROOT/scripts/images/offline.sh"
}
