import { describe, expect, it } from "vitest";
import { previewKey, previewPath, sandboxOfPreviewKey } from "./preview-key";

const SECRET = "dev-secret-0123456789";

describe("preview keys", () => {
  it("name the sandbox they were issued for", () => {
    const key = previewKey(SECRET, "0123456789ab");
    expect(key).toMatch(/^0123456789ab-[A-Za-z0-9_-]{22}$/);
    expect(sandboxOfPreviewKey(SECRET, key)).toBe("0123456789ab");
    expect(previewPath(SECRET, "0123456789ab", 8080)).toBe(`/apercu/${key}/8080/`);
  });

  it("refuse a key moved to another sandbox, signed with another secret, or malformed", () => {
    const mac = previewKey(SECRET, "0123456789ab").split("-")[1];
    expect(sandboxOfPreviewKey(SECRET, `ba9876543210-${mac}`)).toBeNull();
    expect(sandboxOfPreviewKey("another-secret-0123456789", previewKey(SECRET, "0123456789ab"))).toBeNull();
    expect(sandboxOfPreviewKey(SECRET, "0123456789ab")).toBeNull();
    expect(sandboxOfPreviewKey(SECRET, `../etc-${mac}`)).toBeNull();
  });
});
