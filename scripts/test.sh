#!/usr/bin/env bash
# `npm test`: lint, types, unit tests, then integration tests against the real
# Docker engine (building the images they need first, reusing what exists).
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

require_node
require_docker
ensure_deps
mkdir -p "$DATA_DIR/test-results"
results="$DATA_DIR/test-results"
rm -f "$results"/*.json

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

node scripts/test-summary.mjs "$results"/*.json
exit "$status"
