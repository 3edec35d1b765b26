/** The broker's ACL: a plant publishes only to its own telemetry, status and ack topics and subscribes only to its own commands topic. */
import type { DeviceMessageKind, PlantTopics } from "@voke/protocol";

/**
 * Which kind of device message a publish to `topic` is, or undefined when the plant may not publish there
 * (another plant's topic, its own commands topic, anything else).
 */
export function publishKind(topics: PlantTopics, topic: string): DeviceMessageKind | undefined {
  if (topic === topics.telemetry) return "telemetry";
  if (topic === topics.status) return "status";
  if (topic === topics.ack) return "ack";
  return undefined;
}

/** Whether the plant may subscribe to `topicFilter`: only its own commands topic, exactly (no wildcards). */
export function maySubscribe(topics: PlantTopics, topicFilter: string): boolean {
  return topicFilter === topics.commands;
}
