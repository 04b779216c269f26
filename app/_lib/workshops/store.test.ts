import { afterAll } from "vitest";
import { sqliteBackend } from "../progress/test-backends";
import { workshopStoreCases } from "./store.cases";

// The same cases run on PostgreSQL in progress/postgres.integration.test.ts.
const backend = sqliteBackend();
afterAll(() => backend.dispose());
workshopStoreCases(() => backend);
