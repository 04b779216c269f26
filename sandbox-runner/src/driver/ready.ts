import { PassThrough, type Readable } from "node:stream";
import type Docker from "dockerode";
import { FAILED_PREFIX, READY_LINE } from "./names.js";

/**
 * Resolves when the sandbox's entrypoint prints its ready line (the nested
 * dockerd answers). Listening to the attach stream is instant where polling
 * `docker info` through exec would cost ~40 ms a try.
 */
export function waitForReadyLine(docker: Docker, attach: Readable, timeoutMs: number): Promise<void> {
  const out = new PassThrough();
  docker.modem.demuxStream(attach, out, out);
  return new Promise<void>((resolve, reject) => {
    let seen = "";
    const finish = (err?: Error) => {
      clearTimeout(timer);
      out.removeAllListeners("data");
      attach.destroy();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`not ready after ${timeoutMs} ms; last output: ${seen.slice(-300)}`)), timeoutMs);
    out.on("data", (chunk: Buffer) => {
      seen = (seen + chunk.toString("utf8")).slice(-4096);
      const failed = seen.indexOf(FAILED_PREFIX);
      if (failed >= 0) finish(new Error(`entrypoint failed: ${seen.slice(failed + FAILED_PREFIX.length).split("\n")[0]!.trim()}`));
      else if (seen.includes(READY_LINE)) finish();
    });
    attach.on("end", () => finish(new Error(`sandbox exited before it was ready; last output: ${seen.slice(-300)}`)));
    attach.on("error", (err: Error) => finish(new Error(`attach stream: ${err.message}`)));
  });
}
