/**
 * A bad-login flood, run as its own process so its CPU is not the measuring test's: `count` CONNECTs with a
 * wrong password for one plant over TLS, `concurrency` at a time, from the given local source addresses in
 * turn (127.0.0.x all reach the loopback). Prints one JSON line: how many were answered with a CONNACK and
 * how many were cut before one.
 *
 * Run: node connect-flood.ts <port> <plantId> <count> <concurrency> <source,source,…>
 */
import { connect as connectTcp } from "node:net";
import { connect } from "node:tls";

const [port, plantId, count, concurrency, sources] = process.argv.slice(2);
if (!port || !plantId || !count || !concurrency || !sources) {
  console.error("usage: connect-flood.ts <port> <plantId> <count> <concurrency> <sources>");
  process.exit(2);
}

/** An MQTT 3.1.1 CONNECT with username and password. */
function connectPacket(clientId: string, username: string, password: string): Buffer {
  const field = (text: string) => {
    const bytes = Buffer.from(text, "utf8");
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const variable = Buffer.concat([field("MQTT"), Buffer.from([4, 0b1100_0010, 0, 30])]);
  const payload = Buffer.concat([field(clientId), field(username), field(password)]);
  const remaining = variable.length + payload.length; // < 16384: two length bytes at most
  const length = remaining < 128 ? [remaining] : [(remaining % 128) | 0x80, Math.floor(remaining / 128)];
  return Buffer.concat([Buffer.from([0x10, ...length]), variable, payload]);
}

const packet = connectPacket(plantId, plantId, "0".repeat(64));
const addresses = sources.split(",");
let started = 0;
let answered = 0;
let cut = 0;

function attempt(): Promise<void> {
  const localAddress = addresses[started % addresses.length] as string;
  started++;
  return new Promise((resolve) => {
    let gotConnack = false;
    // The TCP socket is opened first: only net.connect takes the source address.
    const tcp = connectTcp({ host: "127.0.0.1", port: Number(port), localAddress });
    tcp.on("error", () => {});
    const socket = connect({ socket: tcp, servername: "localhost", rejectUnauthorized: false });
    socket.on("secureConnect", () => socket.write(packet));
    socket.on("data", (data: Buffer) => {
      if (data[0] === 0x20) gotConnack = true;
      socket.destroy();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      if (gotConnack) answered++;
      else cut++;
      resolve();
    });
  });
}

async function worker(): Promise<void> {
  while (started < Number(count)) await attempt();
}

const began = Date.now();
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
console.log(JSON.stringify({ attempts: started, answered, cut, ms: Date.now() - began }));
