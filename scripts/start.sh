#!/usr/bin/env bash
# `npm start`: everything a fresh machine needs, then the runner and the web app.
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

require_node
require_docker
ensure_deps
ensure_images
ensure_secret
ensure_trainer_password

export PORT="${PORT:-3000}"
export QUAI_RUNNER_PORT="${QUAI_RUNNER_PORT:-4000}"
export QUAI_RUNNER_URL="${QUAI_RUNNER_URL:-http://127.0.0.1:$QUAI_RUNNER_PORT}"
export QUAI_ALLOWED_ORIGINS="${QUAI_ALLOWED_ORIGINS:-$(default_origins "$PORT")}"
export QUAI_DATA_DIR="$DATA_DIR"

say "Compilation du service des bacs à sable et du site…"
private_file "$DATA_DIR/build.log"
npm run -s build >"$DATA_DIR/build.log" 2>&1 || { tail -n 40 "$DATA_DIR/build.log" >&2; fail "La compilation a échoué (journal complet : $DATA_DIR/build.log)."; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

say "Démarrage du service des bacs à sable (port $QUAI_RUNNER_PORT)…"
node sandbox-runner/dist/main.js &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fsS "$QUAI_RUNNER_URL/healthz" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || fail "Le service des bacs à sable s'est arrêté au démarrage (voir les messages ci-dessus)."
  sleep 0.5
done

say "Démarrage du site (port $PORT)…"
# The site's own server (site-server/): Next's pages and API, the terminal
# sockets, and Ctrl+C that stops at once even with terminals open (the
# runner keeps the shells).
node site-server/dist/main.js &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break
  sleep 0.5
done
printf '\n\033[1;32m✓ Quai est prêt : ouvrez http://localhost:%s\033[0m  (Ctrl+C pour arrêter)\n' "$PORT"
lan="$(hostname -I 2>/dev/null | awk '{print $1}')"
[ -n "$lan" ] && printf '  Depuis les autres postes de la salle : http://%s:%s\n' "$lan" "$PORT"
if [ -n "${TRAINER_PASSWORD_SHOWN:-}" ]; then
  printf '  Espace formateur : http://localhost:%s/formateur — identifiant admin, mot de passe %s\n' "$PORT" "$TRAINER_PASSWORD_SHOWN"
  printf '  (dans %s ; QUAI_TRAINER_PASSWORD le remplace)\n' "$DATA_DIR/trainer-password"
fi
printf '\n'
wait -n "${pids[@]}"
