import { describe, expect, it } from "vitest";
import { buildCommand, exposedPorts, launchCommand, readBuildOutput, trimBuildOutput } from "./build-command";

describe("build command", () => {
  it("builds from the Dockerfile's folder under the chapter's", () => {
    expect(buildCommand({ chapter: "dockerfile", dockerfile: "couches/Dockerfile.groupe", tag: "couches:groupe", nonce: "n1" })).toBe(
      "printf '\\n%s:%s\\n' QUAI_BUILD_BEGIN n1; cd '/root/dockerfile/couches' && docker build --progress=plain -t 'couches:groupe' -f 'Dockerfile.groupe' .; printf '\\n%s:%s:%s\\n' QUAI_BUILD_END n1 \"$?\"",
    );
    expect(buildCommand({ chapter: "dockerfile", dockerfile: "Dockerfile", tag: "a", nonce: "n" })).toContain("cd '/root/dockerfile' &&");
  });

  it("finds the build's own output, never the echo of the command", () => {
    const command = buildCommand({ chapter: "c", dockerfile: "Dockerfile", tag: "t", nonce: "n7" });
    const screen = `root@quai:~# ${command}\r\n\r\nQUAI_BUILD_BEGIN:n7\r\n#1 [internal] load build definition\r\n#1 DONE 0.0s\r\n`;
    expect(readBuildOutput(screen, "n7")).toEqual({ started: true, log: "#1 [internal] load build definition\n#1 DONE 0.0s\n", exitCode: null });
    expect(readBuildOutput(`${screen}\r\nQUAI_BUILD_END:n7:1\r\nroot@quai:~# `, "n7").exitCode).toBe(1);
    expect(readBuildOutput(`root@quai:~# ${command}\r\n`, "n7").started).toBe(false);
    expect(readBuildOutput(screen, "other").started).toBe(false);
  });

  it("reads exposed ports from both builders' history", () => {
    expect(exposedPorts(["CMD [\"nginx\"]", "EXPOSE map[80/tcp:{}]", "EXPOSE 8080 53/udp"])).toEqual([80, 8080]);
  });

  it("launches servers in the background on a free port, others in the foreground", () => {
    expect(launchCommand("mon-site:1.0", [80], [8080], ["mon-site"])).toBe("docker run -d --name mon-site-2 -p 8081:80 mon-site:1.0");
    expect(launchCommand("localhost:5000/moi/app:1.0", [8080], [], [])).toBe("docker run -d --name app -p 8080:8080 localhost:5000/moi/app:1.0");
    expect(launchCommand("salut:1.0", [], [], [])).toBe("docker run --rm -it salut:1.0");
  });

  it("cuts a huge log from the top but keeps the running build findable, to its end", () => {
    const text = `prompt\nQUAI_BUILD_BEGIN:n9\n${"#5 npm http fetch\n".repeat(5000)}`;
    const cut = trimBuildOutput(text, "n9", 10_000);
    expect(cut.length).toBeLessThan(5_100);
    const later = readBuildOutput(`${cut}#5 DONE 1.0s\nQUAI_BUILD_END:n9:0\n`, "n9");
    expect(later.started).toBe(true);
    expect(later.exitCode).toBe(0);
    expect(later.log.startsWith("[… début du journal coupé …]\n#5")).toBe(true);
    expect(trimBuildOutput("court", "n9", 10_000)).toBe("court");
    expect(trimBuildOutput("a\nbbbbbbbbb\ncc\n", null, 10)).toBe("cc\n");
  });
});
