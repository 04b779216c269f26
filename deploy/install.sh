#!/usr/bin/env bash
# sudo npm run service:install — installs Quai as two systemd services
# (quai-runner, quai-site) from this clone. Run it again after `git pull` to
# upgrade: the new release is built, copied next to the old one, the services
# switch to it and restart; the previous release stays for a rollback.
#
# Layout:
#   /opt/quai/releases/<hash>/  one built copy of Quai per version (read-only to the services)
#   /opt/quai/current           symbolic link to the release in service
#   /etc/quai/quai.env          settings (created once, never overwritten)
#   /var/lib/quai/              data: progress database, secrets, backups (user quai, 0700)
#
# QUAI_DESTDIR=/some/dir writes everything under that folder and stops there:
# no user created, no image built, no systemctl (used by the tests, and to
# read what would be installed).
source "$(dirname "$0")/../scripts/lib/common.sh"
cd "$ROOT"

DEST="${QUAI_DESTDIR:-}"
OPT="$DEST/opt/quai"
ETC="$DEST/etc/quai"
UNITS="$DEST/etc/systemd/system"
DATA="/var/lib/quai"
KEEP_RELEASES=3

dry() { [ -n "$DEST" ]; }

if ! dry && [ "$(id -u)" != 0 ]; then
  fail "L'installation du service demande les droits root : relancez avec sudo (sudo npm run service:install)."
fi

# Settings given on the command line go into quai.env: one line each.
for name in $(compgen -e); do
  case "$name" in PORT | QUAI_*) [[ "${!name}" != *$'\n'* ]] || fail "La valeur de $name tient sur plusieurs lignes : un réglage de /etc/quai/quai.env tient sur une seule." ;; esac
done

require_node
ensure_deps
if dry; then
  say "Installation d'essai dans $DEST : ni compte, ni images, ni systemctl."
else
  require_docker
  # The install and the runner's unit (ExecStartPost) wait for Quai with curl.
  ensure_tool curl curl "attente du démarrage des services"
  ensure_images
fi
ensure_build

release="$(cat "$ROOT/.next/quai-source-hash" | cut -c1-12)"
target="$OPT/releases/$release"
if [ -d "$target" ] && [ -f "$target/.complete" ]; then
  say "La version $release est déjà copiée dans $target."
else
  say "Copie de la version $release dans $target…"
  rm -rf "$target.partial"
  mkdir -p "$target.partial"
  # Everything a running Quai reads; git history, tests' output and local data stay behind.
  tar -C "$ROOT" --exclude=./.git --exclude=./.data --exclude=./.cache --exclude=./test-results \
    --exclude=./.next/cache -cf - . | tar -C "$target.partial" -xf -
  touch "$target.partial/.complete"
  rm -rf "$target"
  mv "$target.partial" "$target"
fi
mkdir -p "$target/.next/cache"

node_bin="$(command -v node)"
mkdir -p "$UNITS"
for unit in quai-runner.service quai-site.service; do
  sed -e "s|@NODE@|$node_bin|g" -e "s|@APP@|/opt/quai/current|g" "$ROOT/deploy/systemd/$unit" >"$UNITS/$unit"
  chmod 644 "$UNITS/$unit"
done

# given_settings — the other settings of the README's configuration table
# set in the install's environment (sudo QUAI_WARM_POOL=4 npm run
# service:install), as NAME=value lines for the new quai.env. The data folder
# is the service's own (/var/lib/quai); the runner's address and secret are
# derived above.
given_settings() {
  local name
  for name in $(grep -oE '^\| `QUAI_[A-Z0-9_]+` \|' "$ROOT/README.md" | tr -d '|` '); do
    case "$name" in QUAI_DATA_DIR | QUAI_RUNNER_URL | QUAI_RUNNER_SECRET | QUAI_RUNNER_PORT | QUAI_ALLOWED_ORIGINS | QUAI_SANDBOX_MAX) continue ;; esac
    [ -n "${!name:-}" ] && printf '%s=%s\n' "$name" "${!name}"
  done
  return 0
}

mkdir -p "$ETC"
if [ -f "$ETC/quai.env" ]; then
  say "Réglages conservés : $ETC/quai.env"
  given="$(given_settings | cut -d= -f1 | paste -sd' ' -)"
  [ -z "$given" ] || say "Réglages donnés ignorés ($given) : $ETC/quai.env existe déjà et n'est jamais réécrit ; modifiez-le, puis relancez les services."
else
  say "Réglages créés : $ETC/quai.env (à relire : adresse publique, capacité)"
  (
    umask 027
    port="${PORT:-3000}"
    {
      printf '# Réglages de Quai (voir la table « Configuration » du README). Relancez\n'
      printf '# les services après une modification : sudo systemctl restart quai-runner quai-site\n'
      printf 'PORT=%s\n' "$port"
      printf 'QUAI_RUNNER_PORT=%s\n' "${QUAI_RUNNER_PORT:-4000}"
      printf 'QUAI_RUNNER_URL=http://127.0.0.1:%s\n' "${QUAI_RUNNER_PORT:-4000}"
      printf 'QUAI_RUNNER_SECRET=%s\n' "$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("hex"))')"
      printf 'QUAI_DATA_DIR=%s\n' "$DATA"
      printf '# Adresses depuis lesquelles les apprenants ouvrent le site (derrière un proxy\n'
      printf '# HTTPS : https://docker.mon-ecole.fr, et QUAI_TRUST_PROXY=true).\n'
      printf 'QUAI_ALLOWED_ORIGINS=%s\n' "${QUAI_ALLOWED_ORIGINS:-$(default_origins "$port")}"
      printf 'QUAI_SANDBOX_MAX=%s\n' "${QUAI_SANDBOX_MAX:-40}"
      given_settings
    } >"$ETC/quai.env"
  )
fi

if dry; then
  ln -sfn "releases/$release" "$OPT/current"
  say "Essai terminé : les fichiers sont dans $DEST. Sur une vraie machine, la suite crée le compte quai, $DATA, puis active et démarre quai-runner et quai-site."
  exit 0
fi

if ! id quai >/dev/null 2>&1; then
  say "Création du compte système quai (membre du groupe docker)…"
  useradd --system --home-dir "$DATA" --no-create-home --shell /usr/sbin/nologin quai
fi
getent group docker >/dev/null || fail "Le groupe docker n'existe pas : installez Docker Engine (sudo apt-get install docker.io)."
usermod -aG docker quai
chown root:quai "$ETC/quai.env"
chmod 640 "$ETC/quai.env"
mkdir -p "$DATA"
chown quai:quai "$DATA"
chmod 700 "$DATA"
chown -R quai:quai "$target/.next/cache"

[ -d /run/systemd/system ] || fail "systemd ne gère pas cette machine (ce n'est pas le processus 1) : les fichiers sont en place, mais les services ne peuvent pas être démarrés. Utilisez npm start."

previous="$(readlink "$OPT/current" 2>/dev/null || true)"
ln -sfn "releases/$release" "$OPT/current.new"
mv -T "$OPT/current.new" "$OPT/current"
systemctl daemon-reload
systemctl enable quai-runner.service quai-site.service >/dev/null
say "Démarrage des services (version $release)…"
systemctl restart quai-runner.service quai-site.service

set -a
# shellcheck disable=SC1091
source "$ETC/quai.env"
set +a
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:${PORT:-3000}/" >/dev/null 2>&1 && break
  sleep 0.5
done
if ! curl -fsS "http://127.0.0.1:${PORT:-3000}/" >/dev/null 2>&1; then
  [ -n "$previous" ] && printf "La version précédente reste disponible : sudo ln -sfn %s %s/current && sudo systemctl restart quai-runner quai-site\n" "$previous" "$OPT"
  fail "Quai ne répond pas après 60 s. Voir les journaux : journalctl -u quai-runner -u quai-site -n 100"
fi

# Old releases beyond the last few go: each holds a full node_modules.
find "$OPT/releases" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' | sort -rn | tail -n +$((KEEP_RELEASES + 1)) | cut -d' ' -f2- |
  while read -r old; do [ "$old" = "$target" ] || rm -rf "$old"; done

printf '\n\033[1;32m✓ Quai tourne comme service : http://localhost:%s\033[0m\n' "${PORT:-3000}"
printf '  État : systemctl status quai-runner quai-site\n'
printf '  Journaux : journalctl -u quai-runner -u quai-site -f\n'
printf '  Réglages : %s (puis sudo systemctl restart quai-runner quai-site)\n\n' "$ETC/quai.env"
