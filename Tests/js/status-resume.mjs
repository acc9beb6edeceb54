// Follows one channel on /hubs/status with the official SignalR JavaScript client, drops the transport
// mid-stream, lets the client reconnect by itself, re-subscribes with the last seq it saw, and prints
// what it received as JSON. Usage: node status-resume.mjs <baseUrl> <cookieHeader> <channel> <dropAfterEvents>
import * as signalR from "@microsoft/signalr";

const [baseUrl, cookie, channel, dropAfterText] = process.argv.slice(2);
const dropAfter = Number(dropAfterText);
const received = [];
let lastSeq = 0;
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
  const timer = setTimeout(() => reject(new Error(`timed out; received ${JSON.stringify(received)}`)), 30000);
  connection.on("Event", (e) => {
    received.push({ seq: e.seq, type: e.type, afterReconnect: reconnected });
    lastSeq = Math.max(lastSeq, e.seq);
    if (!dropped && received.length >= dropAfter) {
      dropped = true;
      // Kill the TCP connection under the client, as a network failure would: not a clean stop.
      connection.connection.transport._webSocket.terminate();
    }
    if (e.type === "completed" || e.type === "failed") {
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
firstSnapshot = await connection.invoke("Subscribe", channel, 0);
await finished;
await connection.stop();
console.log(JSON.stringify({ firstSnapshotSeq: firstSnapshot.seq, resumeSnapshotSeq, dropped, reconnected, received }));
