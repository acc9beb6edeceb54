// Tries to subscribe to each channel on /hubs/status with the official SignalR JavaScript client and prints, as
// JSON, which were accepted (with their snapshot) and which were refused (with the hub's message).
// Usage: node status-subscribe.mjs <baseUrl> <cookieHeader> <channel>...
import * as signalR from "@microsoft/signalr";

const [baseUrl, cookie, ...channels] = process.argv.slice(2);
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/status`, { headers: { Cookie: cookie }, transport: signalR.HttpTransportType.WebSockets })
  .configureLogging(signalR.LogLevel.None)
  .build();

await connection.start();
const results = {};
for (const channel of channels) {
  try {
    const answer = await connection.invoke("Subscribe", channel, -1);
    results[channel] = { ok: true, seq: answer.seq, snapshot: answer.snapshot };
  } catch (error) {
    results[channel] = { ok: false, error: error.message };
  }
}
await connection.stop();
console.log(JSON.stringify(results));
