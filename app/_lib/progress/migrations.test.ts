import { afterAll } from "vitest";
import { migrationCases } from "./migrations.cases";
import { sqliteBackend } from "./test-backends";

// The same cases run on PostgreSQL in postgres.integration.test.ts.
const backend = sqliteBackend();
afterAll(() => backend.dispose());
migrationCases(() => backend);
