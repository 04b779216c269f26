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

ensure_build
mkdir -p "$DATA_DIR/logs"
chmod 700 "$DATA_DIR/logs"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

say "Démarrage du service des bacs à sable (port $QUAI_RUNNER_PORT) et du site (port $PORT)…"
# Both at once: the site needs the runner only to serve a learner, not to
# boot. JSON logs go to files under the data folder; the console shows only
# warnings and errors, one line each (scripts/lib/log-tee.mjs).
node sandbox-runner/dist/main.js > >(node scripts/lib/log-tee.mjs "$DATA_DIR/logs/runner.log" "bacs à sable") 2>&1 &
pids+=($!)
# The site's own server (site-server/): Next's pages and API, the terminal
# sockets, and Ctrl+C that stops at once even with terminals open (the
# runner keeps the shells).
node site-server/dist/main.js > >(node scripts/lib/log-tee.mjs "$DATA_DIR/logs/site.log" site) 2>&1 &
pids+=($!)

# wait_ready NAME PID URL — polls URL until it answers, while the process lives (60 s at most).
wait_ready() {
  local name="$1" pid="$2" url="$3"
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || fail "$name s'est arrêté au démarrage (voir les messages ci-dessus)."
    sleep 0.1
  done
  fail "$name ne répond toujours pas après 60 s (journaux : $DATA_DIR/logs)."
}
wait_ready "Le service des bacs à sable" "${pids[0]}" "$QUAI_RUNNER_URL/healthz"
wait_ready "Le site" "${pids[1]}" "http://127.0.0.1:$PORT/"
printf '\n\033[1;32m✓ Quai est prêt en %s s : ouvrez http://localhost:%s\033[0m  (Ctrl+C pour arrêter)\n' "$SECONDS" "$PORT"
lan="$(hostname -I 2>/dev/null | awk '{print $1}')"
[ -n "$lan" ] && printf '  Depuis les autres postes de la salle : http://%s:%s\n' "$lan" "$PORT"
printf '  Journaux : %s\n' "$DATA_DIR/logs"
if [ -n "${TRAINER_PASSWORD_SHOWN:-}" ]; then
  printf '  Espace formateur : http://localhost:%s/formateur — identifiant admin, mot de passe %s\n' "$PORT" "$TRAINER_PASSWORD_SHOWN"
  printf '  (dans %s ; QUAI_TRAINER_PASSWORD le remplace)\n' "$DATA_DIR/trainer-password"
fi
printf '\n'
wait -n "${pids[@]}"
