import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "../../_lib/request-origin";
import { GET } from "./route";

// The client address as the site server sets it (from the socket, or a trusted proxy's header).
const from = (address: string) => new NextRequest("http://localhost/api/health", { headers: { [CLIENT_ADDRESS_HEADER]: address } });

describe("GET /api/health", () => {
  it("answers the machine itself once the course is loaded, with its chapters", async () => {
    const answer = GET(from("127.0.0.1"));
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { ok: boolean; chapters: number };
    expect(body.ok).toBe(true);
    expect(body.chapters).toBeGreaterThan(10);
  });

  it("is unknown to anyone else, in French, and loads nothing for them", async () => {
    for (const address of ["10.0.0.7", "::ffff:192.168.1.4", "unknown"]) {
      const answer = GET(from(address));
      expect(answer.status, address).toBe(404);
      expect(((await answer.json()) as { error: { message: string } }).error.message).toBe("Adresse inconnue.");
    }
  });
});
