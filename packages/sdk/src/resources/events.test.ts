import { describe, expect, it } from "vitest";
import { AuthenticationError } from "../errors.ts";
import { createEventsResource, type ReconnectInfo } from "./events.ts";

const PLANT = "6f1c2d3e-4b5a-4c6d-8e7f-8091a2b3c4d5";
const event = (id: number) =>
  `id: ${id}\nevent: telemetry\ndata: ${JSON.stringify({ id: String(id), type: "telemetry", at: "2026-01-01T00:00:00.000Z", plantId: PLANT, data: {} })}\n\n`;

/** A fetch that answers each connection with the next scripted reply and records the requests. */
function scriptedFetch(replies: (() => Response)[]) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    const reply = replies.shift();
    if (!reply) return new Promise<Response>(() => {}); // hangs until aborted by the test's break
    return reply();
  };
  return { fetch, requests };
}

const sse = (...chunks: string[]) =>
  new Response(
    new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    }),
    { headers: { "content-type": "text/event-stream" } },
  );

describe("client.events.stream", () => {
  it("reconnects after a lost connection and resumes with Last-Event-ID, telling the caller", async () => {
    const { fetch, requests } = scriptedFetch([
      () => sse(": connected\n\n", event(1), event(2).slice(0, 20)), // cut mid-event
      () => {
        throw new TypeError("fetch failed");
      },
      () => sse(event(2), event(3)),
    ]);
    const events = createEventsResource({
      baseUrl: "http://voke.test",
      fetch,
      headers: { authorization: "Bearer t" },
    });
    const reconnects: ReconnectInfo[] = [];
    const ids: string[] = [];
    for await (const e of events.stream({
      plantIds: [PLANT],
      types: ["telemetry", "alert"],
      onReconnect: (info) => reconnects.push(info),
    })) {
      ids.push(e.id);
      if (ids.length === 3) break;
    }
    expect(ids).toEqual(["1", "2", "3"]);
    expect(new URL(requests[0]?.url ?? "").search).toBe(`?plantId=${PLANT}&type=telemetry&type=alert`);
    expect(requests[0]?.headers.get("last-event-id")).toBeNull();
    expect(requests[1]?.headers.get("last-event-id")).toBe("1");
    expect(requests[2]?.headers.get("last-event-id")).toBe("1");
    expect(reconnects.map((r) => r.attempt)).toEqual([1, 2]);
    expect(reconnects[1]?.reason).toContain("fetch failed");
  });

  it("throws the API's error when retrying cannot help (401)", async () => {
    const { fetch } = scriptedFetch([
      () => Response.json({ code: "UNAUTHORIZED", message: "Invalid token" }, { status: 401 }),
    ]);
    const events = createEventsResource({ baseUrl: "http://voke.test", fetch, headers: {} });
    await expect(async () => {
      for await (const _ of events.stream()) {
        // never reached
      }
    }).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("waits out a 503 and reports gaps without yielding them", async () => {
    const { fetch } = scriptedFetch([
      () => Response.json({ code: "SERVICE_UNAVAILABLE", message: "restarting" }, { status: 503 }),
      () => sse(`event: gap\ndata: {"reason":"REPLAY_WINDOW","message":"lost"}\n\n`, event(9)),
    ]);
    const events = createEventsResource({ baseUrl: "http://voke.test", fetch, headers: {} });
    const gaps: string[] = [];
    const reasons: string[] = [];
    for await (const e of events.stream({
      onGap: (g) => gaps.push(g.reason),
      onReconnect: (r) => reasons.push(r.reason),
    })) {
      expect(e.id).toBe("9");
      break;
    }
    expect(gaps).toEqual(["REPLAY_WINDOW"]);
    expect(reasons).toEqual(["HTTP 503 SERVICE_UNAVAILABLE"]);
  });

  it("ends quietly when the signal aborts", async () => {
    const events = createEventsResource({
      baseUrl: "http://voke.test",
      fetch: (_input, init) => {
        return new Promise((_, reject) =>
          init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      },
      headers: {},
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const seen: unknown[] = [];
    for await (const e of events.stream({ signal: controller.signal })) seen.push(e);
    expect(seen).toEqual([]);
  });
});
