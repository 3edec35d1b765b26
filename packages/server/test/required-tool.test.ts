import { describe, expect, it } from "vitest";
import { requireTool } from "./required-tool.ts";

describe("requireTool", () => {
  it("passes for a program on PATH", () => {
    expect(() => requireTool("sh", "dash")).not.toThrow();
  });

  it("fails with one line naming the program and the Debian package to install", () => {
    expect(() => requireTool("mosquitto_pub_missing_here", "mosquitto-clients")).toThrow(
      /^mosquitto_pub_missing_here is not installed: apt-get install mosquitto-clients \(README\.md says what pnpm test needs\)$/,
    );
  });
});
