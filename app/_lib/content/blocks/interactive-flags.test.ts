import { describe, expect, it } from "vitest";
import { findInteractiveFlags } from "./interactive-flags";

describe("findInteractiveFlags", () => {
  it("flags -it, -ti and clusters holding both", () => {
    const script = ["docker run -it ubuntu bash", "docker exec -ti web sh", "docker run --rm -itv /x:/x busybox"].join("\n");
    expect(findInteractiveFlags(script).map((f) => f.flag)).toEqual(["-it", "-ti", "-itv"]);
  });

  it("flags -i and -t given apart on run and exec", () => {
    expect(findInteractiveFlags("docker run -i -t busybox")).toEqual([{ line: "docker run -i -t busybox", flag: "-i -t" }]);
    expect(findInteractiveFlags("docker exec --interactive --tty web sh")).toEqual([{ line: "docker exec --interactive --tty web sh", flag: "--interactive --tty" }]);
  });

  it("accepts what runs without a terminal", () => {
    const script = [
      "docker run -d --name web nginx",
      "docker run -dit --name shell busybox sh",
      "docker build -t monimage .",
      "docker exec -i web sh < script.sh",
      "echo 'docker run -it' # only a comment: docker run -it",
      "ls -it",
    ].join("\n");
    expect(findInteractiveFlags(script)).toEqual([]);
  });
});
