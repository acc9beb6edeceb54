// One client process: socket.io-client connections (`count` of them on each "connect") (WebSocket transport), each subscribed to the room, recording
// publish → received latency of every event (the publisher's CLOCK_MONOTONIC stamp, which every process on the machine
// shares) into one histogram per step. Driven by its parent over IPC.
import { io } from "socket.io-client";
import { newHistogram, record } from "./histogram.mjs";

const [url, room] = process.argv.slice(2);
const sockets = [];
let histogram = newHistogram();
let lastReceivedNs = 0n;

process.on("message", async (command) => {
  if (command.type === "connect") {
    await Promise.all(Array.from({ length: command.count }, connect));
    process.send({ type: "connected" });
  } else if (command.type === "step") {
    histogram = newHistogram();
    process.send({ type: "step-started" });
  } else if (command.type === "count") {
    process.send({ type: "count", total: histogram.total });
  } else if (command.type === "report") {
    process.send({ type: "report", histogram, lastReceivedNs: lastReceivedNs.toString() });
  } else if (command.type === "close") {
    for (const socket of sockets) socket.close();
    process.exit(0);
  }
});

async function connect() {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  sockets.push(socket);
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  socket.on("event", (event) => {
    lastReceivedNs = process.hrtime.bigint();
    record(histogram, Number(lastReceivedNs - BigInt(event.data.message)) / 1e6);
  });
  await socket.timeout(30_000).emitWithAck("subscribe", room);
}
