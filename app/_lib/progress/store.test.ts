import { afterAll } from "vitest";
import { progressStoreCases } from "./store.cases";
import { sqliteBackend } from "./test-backends";

// The same cases run on PostgreSQL in postgres.integration.test.ts.
const backend = sqliteBackend();
afterAll(() => backend.dispose());
progressStoreCases(() => backend);
