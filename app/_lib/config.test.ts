import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const DEFAULT_LIMITS = { startsPerLearner: 6, startsPerAddress: 100, checksPerLearner: 12, checksPerAddress: 300 };

describe("parseConfig", () => {
  it("has defaults for everything but the secret", () => {
    expect(parseConfig({}, "/srv/quai")).toEqual({ port: 3000, runnerUrl: "http://127.0.0.1:4000", runnerSecret: undefined, dataDir: "/srv/quai/.data", databaseUrl: undefined, trustProxy: false, limits: DEFAULT_LIMITS, trainerPassword: undefined, trainers: [] });
  });

  it("reads the environment and treats empty values as unset", () => {
    const config = parseConfig(
      { PORT: "3100", QUAI_RUNNER_URL: "http://runner:4100/", QUAI_RUNNER_SECRET: "0123456789abcdef", QUAI_DATA_DIR: "", QUAI_TRUST_PROXY: "true", QUAI_SANDBOX_STARTS_PER_ADDRESS: "250", QUAI_CHECKS_PER_LEARNER: "" },
      "/srv/quai",
    );
    expect(config).toEqual({ port: 3100, runnerUrl: "http://runner:4100", runnerSecret: "0123456789abcdef", dataDir: "/srv/quai/.data", databaseUrl: undefined, trustProxy: true, limits: { ...DEFAULT_LIMITS, startsPerAddress: 250 }, trainerPassword: undefined, trainers: [] });
  });

  it("names every bad variable", () => {
    expect(() => parseConfig({ QUAI_RUNNER_URL: "pas une url", QUAI_RUNNER_SECRET: "court" })).toThrow(ConfigError);
    expect(() => parseConfig({ QUAI_RUNNER_URL: "pas une url", QUAI_RUNNER_SECRET: "court", QUAI_TRUST_PROXY: "peut-être", QUAI_SANDBOX_STARTS_PER_LEARNER: "0", PORT: "http" })).toThrow(
      [
        "invalid configuration:",
        "  PORT: must be a whole number",
        "  QUAI_RUNNER_URL: must be an http(s) URL such as http://127.0.0.1:4000",
        "  QUAI_RUNNER_SECRET: must be at least 16 characters",
        "  QUAI_TRUST_PROXY: must be true or false",
        "  QUAI_SANDBOX_STARTS_PER_LEARNER: must be 1 or more",
      ].join("\n"),
    );
  });
});

describe("trainer settings", () => {
  it("reads the admin password and the other trainers", () => {
    const config = parseConfig({ QUAI_TRAINER_PASSWORD: "un-long-secret", QUAI_TRAINERS: "camille:mot-de-passe-1,dominique:mot:de:passe" }, "/srv");
    expect(config.trainerPassword).toBe("un-long-secret");
    expect(config.trainers).toEqual([
      { name: "camille", password: "mot-de-passe-1" },
      { name: "dominique", password: "mot:de:passe" },
    ]);
  });
  it("refuses a short password and a malformed list, naming the variable", () => {
    expect(() => parseConfig({ QUAI_TRAINER_PASSWORD: "court" })).toThrow("QUAI_TRAINER_PASSWORD: must be at least 10 characters");
    expect(() => parseConfig({ QUAI_TRAINERS: "Camille" })).toThrow(/QUAI_TRAINERS: must read name:password/);
  });
});
