// The graphile-worker side of the benchmark, a process of its own (as our host is): a runner with one no-op task that
// tells the parent, over IPC, how long after `addJob` was called the task started. `process.hrtime` is the system's
// monotonic clock (CLOCK_MONOTONIC), the same in both processes, so the submitter's timestamp in the payload and the
// task's reading are comparable.
import { run } from "graphile-worker";
import { quietLogger as logger } from "./quiet-logger.mjs";

const [connectionString, concurrencyText] = process.argv.slice(2);
const concurrency = Number(concurrencyText);

const runner = await run({
  connectionString,
  concurrency,
  // Enough connections that no slot waits for one to fetch or complete a job (the pool default is 10).
  maxPoolSize: Math.max(10, concurrency + 2),
  noHandleSignals: true,
  logger,
  taskList: {
    noop: async (payload) => {
      const startedNs = process.hrtime.bigint();
      process.send({ key: payload.key, latencyMs: Number(startedNs - BigInt(payload.submittedNs)) / 1e6 });
    },
  },
});

process.on("message", async (message) => {
  if (message === "stop") {
    await runner.stop();
    process.exit(0);
  }
});
process.send({ ready: true });
