import { describe, expect, it } from "vitest";
import { TerminalInbox } from "./terminal-inbox";

describe("TerminalInbox", () => {
  it("holds input until a shell attaches, then sends it once, in order", () => {
    const inbox = new TerminalInbox();
    const sent: string[] = [];
    inbox.push("a\r");
    inbox.push("b\r");
    inbox.attach((input) => sent.push(input));
    inbox.push("c\r");
    inbox.attach(null);
    inbox.push("d\r");
    expect(sent).toEqual(["a\r", "b\r", "c\r"]);
  });

  it("takes over what an early inbox held (a command sent before the sandbox was known)", () => {
    const early = new TerminalInbox();
    const shell = new TerminalInbox();
    const sent: string[] = [];
    shell.push("premier\r");
    early.push("docker run hello-world\r");
    shell.adopt(early);
    shell.attach((input) => sent.push(input));
    early.attach((input) => sent.push(`twice: ${input}`));
    expect(sent).toEqual(["premier\r", "docker run hello-world\r"]);
  });
});
