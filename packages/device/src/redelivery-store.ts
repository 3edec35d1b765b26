/**
 * The store of unacknowledged QoS 1 publishes, marking each one DUP when mqtt.js sends it again after a
 * reconnection (mqtt.js 5 resends without the flag). The broker then knows a repeated nonce is a
 * retransmission after a lost PUBACK, not a replay, and does not count it against the plant.
 */
import { Store } from "mqtt";

/** A Store whose replay stream (read by mqtt.js only to resend after a reconnection) flags publishes as DUP. */
export function createRedeliveryStore(): Store {
  const store = new Store();
  const createStream = store.createStream.bind(store);
  store.createStream = (): ReturnType<Store["createStream"]> => {
    const stream = createStream();
    const read = stream.read.bind(stream);
    stream.read = (size?: number) => {
      const packet = read(size) as { cmd?: string; dup?: boolean } | null;
      // A publish made while offline was never sent; DUP on its first send only spares it a replay check it passes anyway.
      if (packet?.cmd === "publish") packet.dup = true;
      return packet;
    };
    return stream;
  };
  return store;
}
