// Follows several channels on /hubs/status with the official SignalR JavaScript client, each from its first seq, and
// prints one JSON line per message as it arrives: {"subscribed": {channel: seq, ...}} once every channel is subscribed,
// then {"event": {channel, seq, type, data}} for each event. Stops the connection and exits when its standard input
// ends, so the caller decides when it has seen enough.
// Usage: node status-follow.mjs <baseUrl> <cookieHeader> <channel>...
import * as signalR from "@microsoft/signalr";

const [baseUrl, cookie, ...channels] = process.argv.slice(2);
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/status`, { headers: { Cookie: cookie }, transport: signalR.HttpTransportType.WebSockets })
  .configureLogging(signalR.LogLevel.Warning)
  .build();
connection.on("Event", (e) => console.log(JSON.stringify({ event: e })));
let stopping = false;
connection.onclose((error) => {
  if (!stopping) {
    // The caller sees the exit code and this line: a watcher that lost its connection did not see everything.
    console.error(`connection closed: ${error?.message ?? "by the server"}`);
    process.exit(2);
  }
});

await connection.start();
const subscribed = {};
for (const channel of channels) {
  subscribed[channel] = (await connection.invoke("Subscribe", channel, 0)).seq;
}
console.log(JSON.stringify({ subscribed }));

process.stdin.resume();
process.stdin.on("end", async () => {
  stopping = true;
  await connection.stop();
  process.exit(0);
});
