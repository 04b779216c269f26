// Prints what failed (one line per failed test: suite, file, name) and one
// closing line, "N passed, N failed", over every vitest JSON report and every
// text report whose last such line counts (check:course).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

let passed = 0;
let failed = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  const suite = path.basename(file).replace(/\.(json|txt)$/, "");
  if (!existsSync(file)) {
    failed += 1; // a suite that produced no report did not pass
    failures.push(`${suite}: no report`);
    continue;
  }
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".json")) {
    const report = JSON.parse(text);
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
    for (const result of report.testResults ?? []) {
      const where = path.relative(process.cwd(), result.name ?? "");
      const tests = (result.assertionResults ?? []).filter((t) => t.status === "failed");
      for (const t of tests) failures.push(`${suite}: ${where} › ${t.fullName ?? t.title}`);
      if (tests.length === 0 && result.status === "failed") failures.push(`${suite}: ${where} (${(result.message ?? "failed").split("\n")[0]})`);
    }
  } else {
    const last = [...text.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
    if (last) {
      passed += Number(last[1]);
      failed += Number(last[2]);
    } else failed += 1;
    // check:course's verdict lines: "✗ <name>  [<chapter>]  <time>  <reason>".
    for (const line of text.matchAll(/^✗ (.+?) {2}\[/gm)) failures.push(`${suite}: ${line[1]}`);
  }
}
for (const line of failures) console.log(`✗ ${line}`);
console.log(`${passed} passed, ${failed} failed`);
