// ExecStartPost of quai-runner.service: returns once the runner accepts
// connections, so that the unit counts as started only then and the site
// (After=quai-runner.service) does not open to learners while every sandbox
// request would be refused. Any HTTP answer will do (a 503 says the runner
// listens but Docker does not answer yet: the runner's own business).
import http from "node:http";

const port = Number(process.env.QUAI_RUNNER_PORT ?? 4000);
const configured = process.env.QUAI_RUNNER_HOST ?? "127.0.0.1";
const host = configured === "0.0.0.0" || configured === "::" ? "127.0.0.1" : configured;
// systemd's start timeout (90 s by default) bounds this too.
const deadline = Date.now() + 80_000;

function probe() {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path: "/healthz", timeout: 2_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
  });
}

while (!(await probe())) {
  if (Date.now() > deadline) {
    console.error(`the runner does not answer on ${host}:${port}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
