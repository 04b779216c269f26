import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("has defaults for everything but the secret", () => {
    expect(parseConfig({}, "/srv/quai")).toEqual({ runnerUrl: "http://127.0.0.1:4000", runnerSecret: undefined, dataDir: "/srv/quai/.data" });
  });

  it("reads the environment and treats empty values as unset", () => {
    const config = parseConfig({ QUAI_RUNNER_URL: "http://runner:4100/", QUAI_RUNNER_SECRET: "0123456789abcdef", QUAI_DATA_DIR: "" }, "/srv/quai");
    expect(config).toEqual({ runnerUrl: "http://runner:4100", runnerSecret: "0123456789abcdef", dataDir: "/srv/quai/.data" });
  });

  it("names every bad variable", () => {
    expect(() => parseConfig({ QUAI_RUNNER_URL: "pas une url", QUAI_RUNNER_SECRET: "court" })).toThrow(ConfigError);
    expect(() => parseConfig({ QUAI_RUNNER_URL: "pas une url", QUAI_RUNNER_SECRET: "court" })).toThrow(
      "invalid configuration:\n  QUAI_RUNNER_URL: must be an http(s) URL such as http://127.0.0.1:4000\n  QUAI_RUNNER_SECRET: must be at least 16 characters",
    );
  });
});
