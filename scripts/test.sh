#!/usr/bin/env bash
# `npm test`: lint, types, unit tests, then integration tests against the real
# Docker engine (building the images they need first, reusing what exists),
# end-to-end tests in Chromium, and every exercise of the course.
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

require_node
require_docker
ensure_deps
mkdir -p "$DATA_DIR/test-results"
results="$DATA_DIR/test-results"
rm -f "$results"/*.json

# Proves every exercise (check fails, solution runs, check passes) against a
# runner of its own, so the course that ships is the course that works.
run_check_course() {
  local out="$1" port=4182 secret="check-course-secret-0123456789" pid rc=0
  npm run -s build -w sandbox-runner
  QUAI_RUNNER_SECRET="$secret" QUAI_RUNNER_PORT="$port" QUAI_INSTANCE=quai-check QUAI_WARM_POOL=0 QUAI_LOG_LEVEL=warn \
    node sandbox-runner/dist/main.js &
  pid=$!
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  QUAI_RUNNER_URL="http://127.0.0.1:$port" QUAI_RUNNER_SECRET="$secret" npx tsx scripts/check-course.ts --concurrency 2 | tee "$out" || rc=$?
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  return "$rc"
}

say "Lint (eslint)…"
npx eslint .
say "Types (tsc, strict)…"
npm run -s typecheck
say "Tests unitaires…"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json"

ensure_images
say "Tests d'intégration (moteur Docker réel)…"
status=0
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json" || status=$?

say "Tests de bout en bout (Chromium, site construit, vrai service des bacs à sable)…"
require_chromium
npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json="$results/e2e.json" || status=$?

say "Exercices du cours, chacun dans un bac à sable neuf (npm run check:course)…"
run_check_course "$results/check-course.txt" || status=1

node scripts/test-summary.mjs "$results"/*.json "$results/check-course.txt"
exit "$status"
