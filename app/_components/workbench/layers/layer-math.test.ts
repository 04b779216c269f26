import { describe, expect, it } from "vitest";
import { countKinds, diffTree } from "./diff-tree";
import { LAYER_MAX_PX, LAYER_MIN_PX, formatBytes, layerHeight, sharedLayerCount, shortInstruction } from "./layer-math";

describe("layer explorer maths", () => {
  it("writes sizes the French way", () => {
    expect([246, 3640, 31_500_000, 1_230_000_000].map(formatBytes)).toEqual(["246 o", "3,6 Ko", "31,5 Mo", "1,2 Go"]);
    expect(formatBytes(120_400_000)).toBe("120 Mo");
  });

  it("keeps tiny layers visible and big ones bounded, growing with size", () => {
    expect(layerHeight(0)).toBe(LAYER_MIN_PX);
    expect(layerHeight(246)).toBeGreaterThanOrEqual(LAYER_MIN_PX);
    expect(layerHeight(5_000_000)).toBeGreaterThan(layerHeight(5_000));
    expect(layerHeight(80_000_000)).toBeLessThanOrEqual(LAYER_MAX_PX);
  });

  it("shares layers along the common prefix of content layers only", () => {
    expect(sharedLayerCount(["a", null, "b", "c"], ["a", "b", "x"])).toBe(2);
    expect(sharedLayerCount(["a", "b"], ["b", "a"])).toBe(0);
  });

  it("shortens long instructions on one line", () => {
    expect(shortInstruction("RUN a \n  && b", 40)).toBe("RUN a && b");
    expect(shortInstruction("x".repeat(50), 10)).toBe("xxxxxxxxx…");
  });

  it("turns docker diff into a tree, folders first", () => {
    const changes = [
      { kind: "C" as const, path: "/etc" },
      { kind: "A" as const, path: "/etc/quai.conf" },
      { kind: "C" as const, path: "/var" },
      { kind: "C" as const, path: "/var/cache" },
      { kind: "A" as const, path: "/var/cache/nginx" },
      { kind: "D" as const, path: "/tmp-old" },
    ];
    const tree = diffTree(changes);
    expect(tree.children.map((c) => [c.name, c.kind])).toEqual([
      ["etc", "C"],
      ["var", "C"],
      ["tmp-old", "D"],
    ]);
    expect(tree.children[1]!.children[0]!.children[0]).toEqual({ name: "nginx", path: "/var/cache/nginx", kind: "A", children: [] });
    expect(countKinds(changes)).toEqual({ A: 2, C: 3, D: 1 });
  });
});
