/**
 * Every message a plant publishes goes through here: quota, envelope signature, freshness (ts and nonce), then
 * the body for its topic — telemetry stored, status applied, ack recorded. Refusals are counted against the plant.
 * An accepted message is settled only once what it changed is committed, so its PUBACK promises durability.
 */
import {
  checkAck,
  checkStatus,
  checkTelemetry,
  type DeviceMessageKind,
  MAX_PAYLOAD_BYTES,
  type MessageRefusal,
  verifyEnvelope,
} from "@voke/protocol";
import type { Clock } from "../clock.ts";
import type { DeviceActivityService } from "../services/device-activity.ts";
import { arrivalAt } from "./arrival.ts";
import type { CommandDispatcher } from "./command-dispatcher.ts";
import type { PlantSecrets } from "./plant-secrets.ts";
import type { Presence } from "./presence.ts";
import type { RefusalRecorder } from "./refusals.ts";
import type { ReplayGuard } from "./replay-guard.ts";
import type { Session } from "./sessions.ts";
import type { TelemetryIngest } from "./telemetry-ingest.ts";
import type { TelemetryQuota } from "./telemetry-quota.ts";
import type { WriteBatch, WriteCommitted } from "./write-batch.ts";

export interface DeviceInbox {
  /**
   * Handles one publish on one of the plant's own device topics; returns the refusal, if refused.
   * `retransmission` is the MQTT DUP flag: a QoS 1 message sent again after a lost PUBACK repeats its nonce,
   * which is dropped as a replay but not counted as a refusal.
   * `settled` is called once: at once for a refused message (dropped, never to be sent again), and for an
   * accepted one after its writes are committed — or with the error when they were rolled back.
   */
  receive(
    session: Session,
    kind: DeviceMessageKind,
    payload: Buffer,
    retransmission: boolean,
    settled: WriteCommitted,
  ): MessageRefusal | "RETRANSMISSION" | undefined;
}

export function createDeviceInbox(deps: {
  activity: DeviceActivityService;
  secrets: PlantSecrets;
  replayGuard: ReplayGuard;
  telemetry: TelemetryIngest;
  quota: TelemetryQuota;
  commands: CommandDispatcher;
  presence: Presence;
  refusals: RefusalRecorder;
  batch: WriteBatch;
  clock: Clock;
}): DeviceInbox {
  const { activity, secrets, replayGuard, telemetry, quota, commands, presence, refusals, batch, clock } =
    deps;

  return {
    receive(session, kind, payload, retransmission, settled) {
      const refuse = (reason: MessageRefusal) => {
        refusals.message(session.plantId, reason);
        // Acknowledged once the refusal is counted: a PUBACK means the message was dealt with, either way.
        batch.add(noop, settled);
        return reason;
      };
      if (payload.length > MAX_PAYLOAD_BYTES) return refuse("TOO_LARGE");
      // One reading of the clock serves the quota, freshness, the stored times and presence.
      const arrival = arrivalAt(clock.now());
      // Before the signature: a flood costs a map lookup per message, not an HMAC and a JSON parse.
      if (kind === "telemetry" && !quota.admit(session.plantId, payload.length, arrival.ms))
        return refuse("QUOTA_EXCEEDED");
      const envelope = verifyEnvelope(session.plantId, secrets.accepted(session.plantId), payload);
      if (!envelope.ok) return refuse(envelope.reason);
      const fresh = replayGuard.check(session.plantId, envelope.body.ts, envelope.body.nonce, arrival);
      if (!fresh.ok) {
        if (fresh.reason === "REPLAY" && retransmission) {
          // The original may still sit in the batch: acknowledge the copy only once that has committed.
          batch.add(noop, settled);
          return "RETRANSMISSION";
        }
        return refuse(fresh.reason);
      }
      // A write rolled back gives the nonce back: the device is not acknowledged and sends the message again.
      const releaseOnFailure = (error: Error | null) => {
        if (error) fresh.forget();
      };
      const refuseFresh = (reason: MessageRefusal) => {
        // The nonce is spent even though the body is refused: the same message again is a replay.
        batch.add(fresh.record, releaseOnFailure);
        return refuse(reason);
      };

      let write: () => void = fresh.record;
      if (kind === "telemetry") {
        const body = checkTelemetry(envelope.body);
        if (!body.ok) return refuseFresh("BAD_BODY");
        const store = telemetry.accept(
          { id: session.plantId, organizationId: session.organizationId },
          body.value.metrics,
          fresh.ts,
          arrival,
        );
        write = () => {
          fresh.record();
          store();
        };
      } else if (kind === "status") {
        const body = checkStatus(envelope.body);
        if (!body.ok) return refuseFresh("BAD_BODY");
        write = () => {
          fresh.record();
          activity.applyStatus(session.plantId, body.value);
        };
      } else {
        const body = checkAck(envelope.body);
        if (!body.ok) return refuseFresh("BAD_BODY");
        // Recorded at once (the dispatcher's own statement), so the command's state never waits for a batch.
        const outcome = commands.acknowledge(session, body.value);
        // Another plant's cmdId is probing; an unknown or repeated one is only ignored.
        if (outcome === "foreign") return refuseFresh("FOREIGN_ACK");
      }
      batch.add(write, (error) => {
        releaseOnFailure(error);
        settled(error);
      });
      presence.seen(session.plantId, arrival.iso);
      return undefined;
    },
  };
}

function noop(): void {}
