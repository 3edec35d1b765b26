/**
 * Every message a plant publishes goes through here: envelope signature, freshness (ts and nonce), then the
 * body for its topic — telemetry stored, status applied, ack recorded. Refusals are counted against the plant.
 * An accepted message is settled only once what it changed is committed, so its PUBACK promises durability.
 */
import type { Clock } from "../clock.ts";
import type { Store } from "../storage/store.ts";
import type { CommandDispatcher } from "./command-dispatcher.ts";
import { parseAck, parseStatus, parseTelemetry } from "./device-messages.ts";
import { openEnvelope } from "./envelope.ts";
import type { PlantSecrets } from "./plant-secrets.ts";
import type { Presence } from "./presence.ts";
import type { RefusalRecorder } from "./refusals.ts";
import type { ReplayGuard } from "./replay-guard.ts";
import type { Session } from "./sessions.ts";
import { applyStatusReport } from "./status-report.ts";
import type { TelemetryIngest } from "./telemetry-ingest.ts";
import type { DeviceMessageKind } from "./topics.ts";
import type { WriteBatch, WriteCommitted } from "./write-batch.ts";

export interface DeviceInbox {
  /**
   * Handles one publish on one of the plant's own device topics; returns the refusal reason, if refused.
   * `retransmission` is the MQTT DUP flag: a QoS 1 message sent again after a lost PUBACK repeats its nonce,
   * which is dropped as a replay but not counted as an authentication failure.
   * `settled` is called once: at once for a refused message (dropped, never to be sent again), and for an
   * accepted one after its writes are committed — or with the error when they were rolled back.
   */
  receive(
    session: Session,
    kind: DeviceMessageKind,
    payload: Buffer | string,
    retransmission: boolean,
    settled: WriteCommitted,
  ): string | undefined;
}

/** Larger payloads are refused before parsing; real telemetry is a few hundred bytes. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export function createDeviceInbox(deps: {
  store: Store;
  clock: Clock;
  secrets: PlantSecrets;
  replayGuard: ReplayGuard;
  telemetry: TelemetryIngest;
  commands: CommandDispatcher;
  presence: Presence;
  refusals: RefusalRecorder;
  batch: WriteBatch;
}): DeviceInbox {
  const { secrets, replayGuard, telemetry, commands, presence, refusals, batch } = deps;

  return {
    receive(session, kind, payload, retransmission, settled) {
      const refuse = (reason: string) => {
        refusals.message(session.plantId, reason, session.topics[kind]);
        settled(null);
        return reason;
      };
      if (payload.length > MAX_PAYLOAD_BYTES) return refuse(`payload larger than ${MAX_PAYLOAD_BYTES} bytes`);
      const envelope = openEnvelope(session.plantId, secrets.accepted(session.plantId), payload);
      if (!envelope.ok) return refuse(`${envelope.reason}: ${envelope.message}`);
      const fresh = replayGuard.check(session.plantId, envelope.body.ts, envelope.body.nonce);
      if (!fresh.ok) {
        if (fresh.reason === "replay" && retransmission) {
          // The original may still sit in the batch: acknowledge the copy only once that has committed.
          batch.add(() => {}, settled);
          return "retransmission of a message already handled";
        }
        return refuse(`${fresh.reason}: ${fresh.message}`);
      }
      const refuseFresh = (reason: string) => {
        // The nonce is spent even though the body is refused: the same message again is a replay.
        batch.add(fresh.record);
        return refuse(reason);
      };

      let write: () => void = fresh.record;
      if (kind === "telemetry") {
        const body = parseTelemetry(envelope.body);
        if (!body.ok) return refuseFresh(`bad-body: ${body.message}`);
        const store = telemetry.accept(
          { id: session.plantId, organizationId: session.organizationId },
          body.value,
          fresh.ts,
        );
        write = () => {
          fresh.record();
          store();
        };
      } else if (kind === "status") {
        const body = parseStatus(envelope.body);
        if (!body.ok) return refuseFresh(`bad-body: ${body.message}`);
        write = () => {
          fresh.record();
          applyStatusReport(deps, session.plantId, body.value);
        };
      } else {
        const body = parseAck(envelope.body);
        if (!body.ok) return refuseFresh(`bad-body: ${body.message}`);
        // Recorded at once (the dispatcher's own statement), so the command's state never waits for a batch.
        const outcome = commands.acknowledge(session, body.value);
        // Another plant's cmdId is probing; an unknown or repeated one is only ignored.
        if (outcome === "foreign") return refuseFresh("ack for another plant's command");
      }
      batch.add(write, settled);
      presence.seen(session.plantId);
      return undefined;
    },
  };
}
