import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("applies defaults", () => {
    const c = loadConfig({ QUAI_RUNNER_SECRET: "0123456789abcdef" });
    expect(c).toMatchObject({ QUAI_RUNNER_PORT: 4000, QUAI_CACHE_MODE: "local", QUAI_SANDBOX_EGRESS: false, QUAI_ALLOWED_ORIGINS: ["http://localhost:3000", "http://127.0.0.1:3000"] });
  });

  it("keeps its state in the data folder the site uses, by default ./.data", () => {
    expect(loadConfig({ QUAI_RUNNER_SECRET: "0123456789abcdef" }).QUAI_DATA_DIR).toBe(".data");
    expect(() => loadConfig({ QUAI_RUNNER_SECRET: "0123456789abcdef", QUAI_DATA_DIR: "" })).toThrow("QUAI_DATA_DIR: must not be empty");
  });

  it("names every invalid variable", () => {
    expect(() => loadConfig({ QUAI_RUNNER_SECRET: "short", QUAI_CACHE_MODE: "mirror", QUAI_SANDBOX_EGRESS: "maybe" })).toThrow(
      /QUAI_RUNNER_SECRET: must be at least 16 characters[^]*QUAI_SANDBOX_EGRESS[^]*QUAI_CACHE_MODE/,
    );
  });

  it("rejects contradictory limits with an exact message", () => {
    expect(() => loadConfig({ QUAI_RUNNER_SECRET: "0123456789abcdef", QUAI_WARM_POOL: "5", QUAI_SANDBOX_MAX: "5" })).toThrow("QUAI_WARM_POOL: QUAI_WARM_POOL must be smaller than QUAI_SANDBOX_MAX");
  });
});
