// graphile-worker side by side with spaces-bench: the same scenarios, numbers of jobs and warm-up, a no-op task.
// Usage: node bench.mjs <connection string> <jobs> <warm-up jobs> <concurrency of the "many" scenario>
// Prints one JSON object: the graphile-worker and PostgreSQL versions and, per scenario, add_job → task start
// percentiles and addJob round-trip percentiles (ms), submitted/s (first addJob → last addJob answered) and
// completed/s (first addJob → jobs table empty).
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { makeWorkerUtils, runMigrations } from "graphile-worker";
import { quietLogger } from "./quiet-logger.mjs";

const [connectionString, jobsText, warmUpText, manyText] = process.argv.slice(2);
const [jobs, warmUp, many] = [jobsText, warmUpText, manyText].map(Number);
const workerScript = new URL("./worker.mjs", import.meta.url);
const version = createRequire(import.meta.url)("graphile-worker/package.json").version;

await runMigrations({ connectionString, logger: quietLogger });
const utils = await makeWorkerUtils({ connectionString, logger: quietLogger });
const postgres = (await utils.withPgClient((client) => client.query("show server_version"))).rows[0].server_version;

// Our scenarios: one request at a time to one worker; 8 submitters to one worker (one job at a time);
// 8 submitters to 50 workers (50 jobs at a time).
const scenarios = [
  { name: "unloaded, concurrency 1", concurrency: 1, submitters: 1, closedLoop: true },
  { name: "8 submitters, concurrency 1", concurrency: 1, submitters: 8, closedLoop: false },
  { name: `8 submitters, concurrency ${many}`, concurrency: many, submitters: 8, closedLoop: false },
];
const results = [];
for (const scenario of scenarios) {
  log(`[graphile-worker ${scenario.name}] starting a runner`);
  const worker = await startWorker(scenario.concurrency);
  try {
    log(`[graphile-worker ${scenario.name}] warming up with ${warmUp} jobs`);
    await round(worker, `${scenario.name}-warmup`, warmUp, scenario);
    log(`[graphile-worker ${scenario.name}] adding ${jobs} jobs from ${scenario.submitters} submitter(s)`);
    results.push({ ...scenario, jobs, ...(await round(worker, `${scenario.name}-run`, jobs, scenario)) });
  } finally {
    await stopWorker(worker);
  }
}
await utils.release();
process.stdout.write(JSON.stringify({ version, postgres, scenarios: results }) + "\n");

/** One batch of `count` jobs from `submitters` concurrent loops, each awaiting its addJob (and, closed loop, the task). */
async function round(worker, runId, count, { submitters, closedLoop }) {
  const latencies = new Map();
  const accepted = [];
  const waiting = new Map();
  let duplicates = 0;
  let allStarted;
  const started = new Promise((resolve) => (allStarted = resolve));
  worker.onStarted = ({ key, latencyMs }) => {
    if (!key.startsWith(`${runId}-`) || latencies.has(key)) {
      duplicates++;
      return;
    }
    latencies.set(key, latencyMs);
    waiting.get(key)?.();
    if (latencies.size === count) allStarted();
  };

  let next = 0;
  const begin = process.hrtime.bigint();
  const submit = async () => {
    for (let i = next++; i < count; i = next++) {
      const key = `${runId}-${i}`;
      const received = closedLoop ? new Promise((resolve) => waiting.set(key, resolve)) : null;
      const submittedNs = process.hrtime.bigint();
      await utils.addJob("noop", { key, submittedNs: submittedNs.toString() });
      accepted.push(Number(process.hrtime.bigint() - submittedNs) / 1e6); // addJob's own round trip: the insert's commit
      if (received) await within(received, 30_000, `the task receiving ${key}`);
    }
  };
  await Promise.all(Array.from({ length: submitters }, submit));
  const submittedSeconds = seconds(begin);
  await within(started, 60_000 + count * 20, `tasks starting for ${count} jobs (${latencies.size} started)`);
  await untilJobsTableEmpty();
  const completedSeconds = seconds(begin);

  return {
    started: percentiles([...latencies.values()]),
    added: percentiles(accepted),
    submittedPerSecond: count / submittedSeconds, completedPerSecond: count / completedSeconds, duplicates,
  };
}

/** Nearest-rank percentiles, as spaces-bench computes them. */
function percentiles(values) {
  const sorted = values.sort((a, b) => a - b);
  const rank = (fraction) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
  return { p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[sorted.length - 1] };
}

/** A job is complete when graphile-worker has deleted its row. */
async function untilJobsTableEmpty() {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await utils.withPgClient((client) => client.query("select count(*)::int as n from graphile_worker._private_jobs"));
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].n} jobs were still in the table after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function startWorker(concurrency) {
  const child = fork(workerScript, [connectionString, String(concurrency)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const worker = { child, onStarted: () => {} };
  return within(new Promise((resolve, reject) => {
    child.on("message", (message) => (message.ready ? resolve(worker) : worker.onStarted(message)));
    child.on("exit", (code) => reject(new Error(`the graphile-worker runner exited with code ${code}`)));
  }), 30_000, "the graphile-worker runner starting");
}

async function stopWorker({ child }) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send("stop");
  await within(exited, 10_000, "the graphile-worker runner stopping").catch((error) => {
    child.kill("SIGKILL");
    log(error.message);
  });
}

function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function seconds(sinceNs) {
  return Number(process.hrtime.bigint() - sinceNs) / 1e9;
}

function log(line) {
  process.stderr.write(line + "\n");
}
