import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Server modules import "server-only" (a build error if a client component
// imports them); in Node its default entry throws, so tests resolve it as
// tsx and esbuild do, through tsconfig.json's path: to an empty module.
const resolve = { alias: { "server-only": fileURLToPath(new URL("./app/_lib/server-only-outside-next.ts", import.meta.url)) } };

// Three projects: fast unit tests (fakes allowed), integration tests that
// talk to the real Docker engine, real sockets and real files, and end-to-end
// tests that drive the built site in Chromium against a real runner.
export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          include: ["sandbox-runner/src/**/*.test.ts", "app/**/*.test.ts", "content/**/*.test.ts", "scripts/**/*.test.ts", "site-server/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve,
        test: {
          name: "integration",
          include: ["sandbox-runner/test/integration/**/*.test.ts", "scripts/**/*.integration.test.ts", "deploy/**/*.integration.test.ts", "app/**/*.integration.test.ts"],
          setupFiles: ["sandbox-runner/test/integration/cleanup.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        resolve,
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["e2e/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
