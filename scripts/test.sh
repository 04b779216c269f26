#!/usr/bin/env bash
# `npm test`: lint, types, unit tests, the French of the course and the interface
# (Grammalecte), then integration tests against the real
# Docker engine (building the images they need first, reusing what exists),
# end-to-end tests in Chromium, and every exercise of the course.
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

require_node
require_docker
ensure_deps
ensure_data_dir
mkdir -p "$DATA_DIR/test-results"
results="$DATA_DIR/test-results"
rm -f "$results"/*.json

# Proves the course against a runner of its own (check:course starts it when
# QUAI_RUNNER_URL is unset): every exercise in a fresh sandbox (fails fresh,
# each wrong attempt fails and says why, the solution passes) and the whole
# course in order in one sandbox, so the course that ships is the course that works.
run_check_course() {
  local out="$1" rc=0
  env -u QUAI_RUNNER_URL -u QUAI_RUNNER_SECRET npx tsx scripts/check-course.ts | tee "$out" || rc=$?
  return "$rc"
}

say "Lint (eslint)…"
npx eslint .
say "Types (tsc, strict)…"
npm run -s typecheck
say "Tests unitaires…"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json"
say "Orthographe et grammaire du cours et de l'interface (Grammalecte)…"
ensure_tool grammalecte-cli grammalecte-cli "vérification du français du cours et de l'interface"
npm run -s check:french

ensure_images
# The database tests run on a PostgreSQL server they start themselves (Debian's package, a private port).
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  ensure_tool pg_ctlcluster postgresql "tests de la base de données sur un vrai serveur PostgreSQL"
fi
say "Tests d'intégration (moteur Docker réel, serveur PostgreSQL de test)…"
status=0
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json" || status=$?

say "Tests de bout en bout (Chromium, site construit, vrai service des bacs à sable)…"
require_chromium
ensure_tool caddy caddy "proxy HTTPS du test de bout en bout e2e/https.test.ts"
ensure_tool certutil libnss3-tools "autorité de Caddy ajoutée au navigateur de test"
npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$results/e2e.json" || status=$?

say "Le cours : chaque exercice dans un bac à sable neuf, et tout le cours dans l'ordre dans un seul (npm run check:course)…"
run_check_course "$results/check-course.txt" || status=1

node scripts/test-summary.mjs "$results"/*.json "$results/check-course.txt"
exit "$status"
