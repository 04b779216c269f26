import { defineConfig } from "vitest/config";

// Two projects: fast unit tests (fakes allowed) and integration tests that
// talk to the real Docker engine, real sockets and real files.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["sandbox-runner/src/**/*.test.ts", "app/**/*.test.ts", "content/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["sandbox-runner/test/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
