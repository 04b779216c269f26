// Prints one closing line, "N passed, N failed", over every vitest JSON report
// and every text report whose last such line counts (check:course).
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1; // a suite that produced no report did not pass
    continue;
  }
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".json")) {
    const report = JSON.parse(text);
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  } else {
    const last = [...text.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
    if (last) {
      passed += Number(last[1]);
      failed += Number(last[2]);
    } else failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
