import { execFileSync, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/**
 * A throw-away PostgreSQL server for the tests: Debian's binaries
 * (apt-get install postgresql), a cluster in a temporary folder, on a free
 * loopback port and a private socket folder, removed by stop(). The machine's
 * own cluster (port 5432) is never used. PostgreSQL refuses to run as root:
 * as root, each binary runs as the « postgres » account (setpriv).
 */
export interface TestPostgres {
  /** A new, empty database on the server (a schema of its own); its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "postgres"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("PostgreSQL is not installed: these tests start their own server from Debian's package (apt-get install postgresql)");
  return path.join(root, newest, "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;
const pgUser = () => Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
/** The command line that runs `bin` as the account owning the cluster. */
const command = (bin: string, args: string[]): [string, string[]] => (asRoot ? ["setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", bin, ...args]] : [bin, args]);

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(tmpdir(), "quai-pg-"));
  const data = path.join(dir, "data");
  if (asRoot) chownSync(dir, pgUser(), -1);
  let server: ChildProcess | undefined;
  let log = "";
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.kill("SIGINT"); // fast shutdown: ends the sessions, no checkpoint wait
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [initdb, initArgs] = command(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    execFileSync(initdb, initArgs, { stdio: "pipe", cwd: dir });
    const port = await freePort();
    // Durability is not what these tests measure: without fsync the server starts and commits in milliseconds.
    const [postgres, args] = command(path.join(bin, "postgres"), ["-D", data, "-p", String(port), "-k", dir, "-h", "127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
    server = spawn(postgres, args, { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
    server.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    server.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const client = new pg.Client(admin);
      try {
        await client.connect();
        await client.query("SELECT 1");
        await client.end();
        break;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (server.exitCode !== null || Date.now() > deadline) throw new Error(`test PostgreSQL did not start: ${(error as Error).message}\n${log.slice(-2000)}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    let count = 0;
    return {
      // A schema, not a database, per test: CREATE DATABASE copies a template (seconds on a busy machine), CREATE SCHEMA takes milliseconds.
      async createDatabase() {
        const name = `quai_test_${++count}`;
        const client = new pg.Client(admin);
        await client.connect();
        try {
          await client.query(`CREATE SCHEMA ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/postgres?options=${encodeURIComponent(`-c search_path=${name}`)}`;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
