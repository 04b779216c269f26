import { afterAll, describe, expect, it } from "vitest";
import { sqliteBackend } from "../progress/test-backends";
import { sameName } from "./claims";
import { workshopClaimsCases } from "./claims.cases";

describe("sameName", () => {
  it("ignores case, spaces and how an accent is encoded", () => {
    expect(sameName("  Éloïse   M. ", "éloïse m.")).toBe(true);
    expect(sameName("E\u0301loi\u0308se", "Éloïse")).toBe(true);
    expect(sameName("Ada", "Adam")).toBe(false);
  });
});

// The same cases run on PostgreSQL in progress/postgres.integration.test.ts.
const backend = sqliteBackend();
afterAll(() => backend.dispose());
workshopClaimsCases(() => backend);
