import { afterAll, beforeAll, describe } from "vitest";
import { workshopClaimsCases } from "../workshops/claims.cases";
import { workshopStoreCases } from "../workshops/store.cases";
import { migrationCases } from "./migrations.cases";
import { progressStoreCases } from "./store.cases";
import { postgresBackend } from "./test-backends";
import type { TestBackend } from "./test-backends";

/**
 * The stores' and the migrations' tests, the same as on SQLite, against a
 * real PostgreSQL server from Debian's package, started for this file on a
 * private port and removed after it.
 */
let backend: TestBackend | undefined;
beforeAll(async () => {
  backend = await postgresBackend();
}, 60_000);
afterAll(() => backend?.dispose());

describe("on PostgreSQL", () => {
  progressStoreCases(() => backend!);
  workshopStoreCases(() => backend!);
  workshopClaimsCases(() => backend!);
  migrationCases(() => backend!);
});
