import { describe, expect, it } from "vitest";
import { exposedPorts, launchCommand } from "./launch-command";

describe("after the build", () => {
  it("reads exposed ports from both builders' history", () => {
    expect(exposedPorts(["CMD [\"nginx\"]", "EXPOSE map[80/tcp:{}]", "EXPOSE 8080 53/udp"])).toEqual([80, 8080]);
  });

  it("launches servers in the background on a free port, others in the foreground", () => {
    expect(launchCommand("mon-site:1.0", [80], [8080], ["mon-site"])).toBe("docker run -d --name mon-site-2 -p 8081:80 mon-site:1.0");
    expect(launchCommand("localhost:5000/moi/app:1.0", [8080], [], [])).toBe("docker run -d --name app -p 8080:8080 localhost:5000/moi/app:1.0");
    expect(launchCommand("salut:1.0", [], [], [])).toBe("docker run --rm -it salut:1.0");
  });
});
