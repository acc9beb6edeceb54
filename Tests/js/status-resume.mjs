// Follows one channel on /hubs/status with the official SignalR JavaScript client until a terminal event, and
// prints what it received as JSON. After <dropAfterEvents> events (0: never) it kills the transport mid-stream,
// lets the client reconnect by itself and re-subscribes with the last seq it saw.
// Usage: node status-resume.mjs <baseUrl> <cookieHeader> <channel> <dropAfterEvents> [afterSeq] [terminalTypes]
// With SUBSCRIBED_FILE set, it creates that file once its first Subscribe is answered, so a test can hold the
// publisher until the client listens.
import * as signalR from "@microsoft/signalr";
import { writeFileSync } from "node:fs";

const [baseUrl, cookie, channel, dropAfterText, afterSeqText = "0", terminalText = "completed,failed,error"] = process.argv.slice(2);
const dropAfter = Number(dropAfterText);
const startAfter = Number(afterSeqText);
const terminal = new Set(terminalText.split(","));
const received = [];
let lastSeq = startAfter;
let dropped = false;
let reconnected = false;
let resumeSnapshotSeq = null;
let firstSnapshot = null;

const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/status`, { headers: { Cookie: cookie }, transport: signalR.HttpTransportType.WebSockets })
  .withAutomaticReconnect([0, 200, 500, 1000])
  .configureLogging(signalR.LogLevel.Warning)
  .build();

const finished = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`timed out; received ${JSON.stringify(received)}`)), 60000);
  connection.on("Event", (e) => {
    received.push({ seq: e.seq, type: e.type, afterReconnect: reconnected, data: e.data });
    lastSeq = Math.max(lastSeq, e.seq);
    if (dropAfter > 0 && !dropped && received.length >= dropAfter) {
      dropped = true;
      // Kill the TCP connection under the client, as a network failure would: not a clean stop. Outside this
      // message's dispatch, so the client sees the close as it would a real one, not in the middle of its own callback.
      setTimeout(() => connection.connection.transport?._webSocket?.terminate(), 0);
    }
    if (terminal.has(e.type)) {
      clearTimeout(timer);
      resolve();
    }
  });
});

connection.onreconnected(async () => {
  reconnected = true;
  const answer = await connection.invoke("Subscribe", channel, lastSeq);
  resumeSnapshotSeq = answer.seq;
});

await connection.start();
firstSnapshot = await connection.invoke("Subscribe", channel, startAfter);
if (process.env.SUBSCRIBED_FILE) {
  writeFileSync(process.env.SUBSCRIBED_FILE, `${firstSnapshot.seq}`);
}
await finished;
await connection.stop();
console.log(JSON.stringify({ firstSnapshotSeq: firstSnapshot.seq, resumeSnapshotSeq, dropped, reconnected, received }));
