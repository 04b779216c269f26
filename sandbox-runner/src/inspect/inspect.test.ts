import { describe, expect, it } from "vitest";
import { parseDiff } from "./diff.js";
import { buildLayers, instructionOf } from "./layers.js";
import { parsePorts } from "./ports.js";
import { containerRef, imageRef } from "./refs.js";

describe("parsePorts", () => {
  it("keeps published ports once, whatever the address family, and ignores exposed-only ones", () => {
    const out = "web\tnginx\t0.0.0.0:8080->80/tcp, :::8080->80/tcp\napi\tbusybox\t443/tcp\ndns\tx\t127.0.0.1:5353->53/udp\n";
    expect(parsePorts(out)).toEqual([
      { container: "dns", image: "x", port: 5353, containerPort: 53, protocol: "udp" },
      { container: "web", image: "nginx", port: 8080, containerPort: 80, protocol: "tcp" },
    ]);
  });
});

describe("buildLayers", () => {
  it("maps diff ids to the instructions that made a layer and sizes from history", () => {
    const config = {
      rootfs: { diff_ids: ["sha256:base", "sha256:copy"] },
      history: [
        { created_by: "/bin/sh -c #(nop) ADD file:abc in / " },
        { created_by: "/bin/sh -c #(nop)  CMD [\"bash\"]", empty_layer: true },
        { created_by: "COPY index.html /usr/share/nginx/html/ # buildkit" },
      ],
    };
    const layers = buildLayers(config, [120, 0, 5000]);
    expect(layers.map((l) => [l.diffId, l.instruction, l.size])).toEqual([
      ["sha256:base", "ADD file:abc in /", 5000],
      [null, 'CMD ["bash"]', 0],
      ["sha256:copy", "COPY index.html /usr/share/nginx/html/", 120],
    ]);
  });

  it("reads RUN lines from both builders", () => {
    expect(instructionOf("RUN /bin/sh -c apt-get update # buildkit")).toBe("RUN /bin/sh -c apt-get update");
    expect(instructionOf("/bin/sh -c apt-get update")).toBe("RUN apt-get update");
    expect(instructionOf("|1 VERSION=1 /bin/sh -c make")).toBe("RUN make");
  });
});

describe("parseDiff", () => {
  it("reads added, changed and deleted paths", () => {
    expect(parseDiff("C /etc\nA /etc/quai.conf\nD /tmp/old\n")).toEqual([
      { kind: "C", path: "/etc" },
      { kind: "A", path: "/etc/quai.conf" },
      { kind: "D", path: "/tmp/old" },
    ]);
  });
});

describe("references", () => {
  it.each(["nginx", "nginx:alpine", "localhost:5000/moi/app:1.0", "sha256:" + "a".repeat(64), "library/debian@sha256:" + "b".repeat(64)])("accepts %s", (ref) => {
    expect(imageRef(ref)).toBe(ref);
  });

  it.each(["", "-rf", "nginx; rm -rf /", "UPPER/case", "a b"])("refuses %j with a French message", (ref) => {
    expect(() => imageRef(ref)).toThrow(/bad image reference/);
  });

  it("checks container names", () => {
    expect(containerRef("web-1")).toBe("web-1");
    expect(() => containerRef("--all")).toThrow(/bad container reference/);
  });
});
