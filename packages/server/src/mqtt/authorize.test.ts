// The ACL: exactly the plant's own device topics to publish, exactly its own commands topic to subscribe.

import { plantTopics } from "@voke/protocol";
import { describe, expect, it } from "vitest";
import { maySubscribe, publishKind } from "./authorize.ts";

const mine = plantTopics("11111111-1111-4111-8111-111111111111");
const theirs = plantTopics("22222222-2222-4222-8222-222222222222");

describe("publishKind", () => {
  it("names the plant's own telemetry, status and ack topics", () => {
    expect(publishKind(mine, mine.telemetry)).toBe("telemetry");
    expect(publishKind(mine, mine.status)).toBe("status");
    expect(publishKind(mine, mine.ack)).toBe("ack");
  });

  it("refuses its commands topic, another plant's topics and anything else", () => {
    for (const topic of [
      mine.commands,
      theirs.telemetry,
      theirs.ack,
      `${mine.telemetry}/x`,
      "voke/v1",
      "$SYS/x",
    ]) {
      expect(publishKind(mine, topic)).toBeUndefined();
    }
  });
});

describe("maySubscribe", () => {
  it("allows only the plant's own commands topic, without wildcards", () => {
    expect(maySubscribe(mine, mine.commands)).toBe(true);
    for (const topic of [theirs.commands, mine.telemetry, "voke/v1/+/commands", "#", `${mine.commands}/#`]) {
      expect(maySubscribe(mine, topic)).toBe(false);
    }
  });
});
