// socket.io side by side with spaces-bench's cluster fan-out: one socket.io server process, `subscribers` socket.io-client
// connections spread over `clientProcesses` child processes, and a publisher that emits events at each rate in turn,
// as spaces-bench's worker reports progress: paced and open loop (each emit leaves at its time; acknowledgements are collected).
// Usage: node bench.mjs <subscribers> <client processes> <rates, comma-separated> <step seconds> <warm-up seconds> <drain seconds>
// Prints one JSON object: the socket.io version, the server's RSS before and after the last nine tenths of the subscribers
// connected (KiB) and how many those were,
// and per rate the events published, deliveries expected and received, their latency percentiles (ms) and time span.
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { merge, newHistogram, percentile } from "./histogram.mjs";

const [subscribersText, processesText, ratesText, stepText, warmUpText, drainText] = process.argv.slice(2);
const [subscribers, processes, stepSeconds, warmUpSeconds, drainSeconds] =
  [subscribersText, processesText, stepText, warmUpText, drainText].map(Number);
const rates = ratesText.split(",").map(Number);
const version = createRequire(import.meta.url)("socket.io/package.json").version;
const room = "requests/bench-fanout";
const settleMs = 2000;

const server = fork(new URL("./server.mjs", import.meta.url), { stdio: ["ignore", "ignore", "inherit", "ipc"] });
const { port } = await nextMessage(server);
const url = `http://127.0.0.1:${port}`;
const clients = [];
try {
  // The first tenth connects before the first reading, so one-time set-up in the server is not counted per connection,
  // as spaces-bench does for its hosts.
  const shares = Array.from({ length: processes }, (_, p) => Math.floor(subscribers / processes) + (p < subscribers % processes ? 1 : 0));
  const firstShares = shares.map((share) => Math.max(Math.floor(share / 10), 1));
  for (let p = 0; p < processes; p++) {
    clients.push(fork(new URL("./client.mjs", import.meta.url), [url, room], { stdio: ["ignore", "ignore", "inherit", "ipc"] }));
  }
  await askEach((p) => ({ type: "connect", count: firstShares[p] }), "connected");
  await sleep(settleMs);
  const rssBeforeKiB = rssKiB(server.pid);
  const measured = subscribers - firstShares.reduce((a, b) => a + b, 0);
  log(`[socket.io] server RSS ${rssBeforeKiB} KiB with ${subscribers - measured} subscribers; connecting ${measured} more from ${processes} processes`);
  await askEach((p) => ({ type: "connect", count: shares[p] - firstShares[p] }), "connected");
  await sleep(settleMs);
  const rssAfterKiB = rssKiB(server.pid);
  log(`[socket.io] server RSS ${rssAfterKiB} KiB with ${subscribers} idle subscribers`);

  const publisher = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    publisher.once("connect", resolve);
    publisher.once("connect_error", reject);
  });
  let seq = 0;
  log(`[socket.io] warming up at ${rates[0]} events/s for ${warmUpSeconds} s`);
  await step(publisher, rates[0], warmUpSeconds, () => ++seq);
  const steps = [];
  for (const rate of rates) {
    log(`[socket.io] ${rate} events/s for ${stepSeconds} s to ${subscribers} subscribers`);
    const result = await step(publisher, rate, stepSeconds, () => ++seq);
    steps.push(result);
    log(`[socket.io] ${rate}/s: p99 ${result.latency.p99?.toFixed(1)} ms, ${result.received} of ${result.expected} delivered`);
    if (!sustained(result)) break;
  }
  publisher.close();
  process.stdout.write(JSON.stringify({ version, idle: { connections: measured, rssBeforeKiB, rssAfterKiB }, steps }) + "\n");
} finally {
  for (const client of clients) client.send({ type: "close" });
  server.kill();
}

/** Publishes at `rate` for `seconds`, then waits up to the drain time for every subscriber to have every event. */
async function step(publisher, rate, seconds, nextSeq) {
  await askAll("step", "step-started");
  const count = Math.round(rate * seconds);
  const acks = [];
  const cpuBefore = cpuSeconds(server.pid);
  const clientCpuBefore = clientCpuSeconds();
  const begin = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const due = begin + BigInt(Math.round((i * 1e9) / rate));
    const wait = Number(due - process.hrtime.bigint()) / 1e6;
    if (wait > 1) await sleep(wait);
    const stamp = process.hrtime.bigint().toString();
    // The shape of our progress event, the stamp where ours carries it (the progress message).
    const event = { channel: room, seq: nextSeq(), type: "progress",
      data: { request_id: "bench-fanout", status: "processing", progress: i % 100, message: stamp, attempt: 1 } };
    // Open loop, as spaces-bench's worker: each emit leaves at its time; the acknowledgements are collected, not awaited.
    acks.push(publisher.timeout(60_000).emitWithAck("publish", room, event));
  }
  const published = process.hrtime.bigint();
  const expected = count * subscribers;
  const deadline = published + BigInt(drainSeconds * 1e9);
  while (process.hrtime.bigint() < deadline) {
    const counts = await askAll("count", "count");
    if (counts.reduce((sum, c) => sum + c.total, 0) >= expected) break;
    await sleep(100);
  }
  const serverCpuSeconds = cpuSeconds(server.pid) - cpuBefore;
  const clientCpu = clientCpuSeconds() - clientCpuBefore;
  await Promise.all(acks);
  const reports = await askAll("report", "report");
  const histogram = newHistogram();
  for (const report of reports) merge(histogram, report.histogram);
  const last = reports.map((r) => BigInt(r.lastReceivedNs)).reduce((a, b) => (a > b ? a : b), begin);
  return {
    rate,
    published: count,
    publishSeconds: Number(published - begin) / 1e9,
    expected,
    received: histogram.total,
    spanSeconds: Number(last - begin) / 1e9,
    serverCpuSeconds,
    clientCpuSeconds: clientCpu,
    latency: { p50: percentile(histogram, 0.5), p90: percentile(histogram, 0.9), p99: percentile(histogram, 0.99), max: histogram.maxMs },
  };
}

/** Kept up (the rule spaces-bench applies to its own steps): every event reached every subscriber, at 95 % of the rate or more. */
function sustained(result) {
  return result.received === result.expected && result.published / result.spanSeconds >= 0.95 * result.rate;
}

async function askAll(type, answer) {
  return askEach(() => ({ type }), answer);
}

async function askEach(command, answer) {
  const answers = clients.map((client) => nextMessage(client, answer));
  clients.forEach((client, p) => client.send(command(p)));
  return Promise.all(answers);
}

function nextMessage(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (type !== undefined && message.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message);
    };
    const onExit = (code) => reject(new Error(`a child process exited with ${code} while the bench waited for ${type ?? "its port"}`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

function rssKiB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(line.split(/\s+/)[1]);
}

/** User + kernel time of a process (utime and stime of /proc/{pid}/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The client processes' CPU, summed. */
function clientCpuSeconds() {
  return clients.reduce((sum, client) => sum + cpuSeconds(client.pid), 0);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(text) {
  process.stderr.write(text + "\n");
}
