import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { bodyTooLarge, readJsonBody } from "./api";

const post = (body: BodyInit, headers: Record<string, string> = {}) => new NextRequest("http://localhost/api/x", { method: "POST", body, headers, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);

/** `{"a":1}` after `chunks` KiB of spaces, streamed without Content-Length: only reading can tell its size. */
function streamed(chunks: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === chunks) {
        controller.enqueue(new TextEncoder().encode('{"a":1}'));
        return controller.close();
      }
      sent++;
      controller.enqueue(new Uint8Array(1024).fill(0x20));
    },
  });
}

describe("readJsonBody", () => {
  it("reads JSON within the limit", async () => {
    await expect(readJsonBody(post(JSON.stringify({ a: 1 })))).resolves.toEqual({ a: 1 });
  });

  it("gives up on what is not JSON", async () => {
    await expect(readJsonBody(post("{pas du json"))).resolves.toBeUndefined();
  });

  it("stops reading a streamed body at the limit", async () => {
    await expect(readJsonBody(post(streamed(5)), 10 * 1024)).resolves.toEqual({ a: 1 });
    await expect(readJsonBody(post(streamed(100)), 10 * 1024)).resolves.toBeUndefined();
  });
});

describe("bodyTooLarge", () => {
  it("refuses an announced size over the limit with a French 413", async () => {
    const refused = bodyTooLarge(post("{}", { "content-length": String(2 * 1024 * 1024) }), 1024 * 1024);
    expect(refused?.status).toBe(413);
    expect((await refused!.json()).error.message).toBe("La requête est trop volumineuse.");
    expect(bodyTooLarge(post("{}", { "content-length": "2" }))).toBeUndefined();
  });
});
