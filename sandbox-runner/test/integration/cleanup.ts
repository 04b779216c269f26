import { afterAll } from "vitest";
import { removeDataDir } from "./harness.js";

// The integration project's setup file: registered on each file's root suite,
// so each file's runner data folder is gone once its last test ran.
afterAll(removeDataDir);
