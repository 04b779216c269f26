import { describe, expect, it } from "vitest";
import { findGivenAwayCommands } from "./hint-lint";

const solution = ["docker rm -f condamne 2>/dev/null", "docker run -d --name condamne busybox sleep 3600", "docker kill condamne", "# vérifier", "echo fini"].join("\n");

describe("findGivenAwayCommands", () => {
  it("finds a solution command quoted whole in a hint, spaces aside", () => {
    expect(findGivenAwayCommands("Tapez `docker   kill condamne`.", solution)).toEqual(["docker kill condamne"]);
    expect(findGivenAwayCommands("Par exemple `docker run -d --name condamne busybox sleep 3600 && docker kill condamne`", solution)).toEqual([
      "docker run -d --name condamne busybox sleep 3600",
      "docker kill condamne",
    ]);
  });

  it("lets a hint name a command without giving the whole line", () => {
    expect(findGivenAwayCommands("L'arrêt brutal, c'est `docker kill`.", solution)).toEqual([]);
    expect(findGivenAwayCommands("docker kill condamne, sans backticks, n'est pas un bloc de code", solution)).toEqual([]);
  });

  it("ignores comments and lines that are not docker commands", () => {
    expect(findGivenAwayCommands("`echo fini` puis `# vérifier`", solution)).toEqual([]);
  });

  it("reads escaped quotes as YAML strings hold them", () => {
    expect(findGivenAwayCommands('Voici : `docker run --name a busybox echo \\"Bonjour\\"`', 'docker run --name a busybox echo "Bonjour"')).toEqual(['docker run --name a busybox echo "Bonjour"']);
  });
});
