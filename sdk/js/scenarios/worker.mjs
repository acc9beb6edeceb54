// The scenario worker the .NET tests drive (Tests/Sdks): the same behaviour in JavaScript, Python and .NET.
// Usage: worker.mjs --host URL --token T --spaces A,B. Prints one JSON event per line on stdout; stops when stdin closes.
// The prompt picks the behaviour: "progress" reports 25/50/75/100 and returns text; "file" uploads each file back as
// "echo-{name}" and returns the descriptors and their SHA-256; "hold" waits for a cancel on attempt 1 and returns the
// attempt after that; "fail" throws. Exit codes: 0 stopped, 3 registration refused, 4 token rejected, 5 anything else.
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { RegistrationRefusedError, SpacesWorker, TokenRejectedError } from "../src/index.js";

const emit = (event, data = {}) => process.stdout.write(JSON.stringify({ event, ...data }) + "\n");

async function handle(job) {
  const request = job.request;
  emit("started", { request_id: request.request_id, attempt: request.attempt });
  switch (request.prompt) {
    case "progress":
      for (const percent of [25, 50, 75, 100]) {
        await job.reportProgress(percent, `step ${percent}`);
      }
      return { text: `done: ${request.prompt}`, language: "javascript" };
    case "file": {
      const files = [];
      const sha256 = [];
      for (const file of request.files) {
        const data = await job.readFile(file);
        sha256.push(createHash("sha256").update(data).digest("hex"));
        files.push(await job.uploadResultFile(`echo-${file.name}`, file.content_type, data));
      }
      return { files, sha256, language: "javascript" };
    }
    case "hold":
      if (request.attempt === 1) {
        await new Promise((_, reject) => job.signal.addEventListener("abort", () => reject(job.signal.reason), { once: true }));
      }
      return { attempt: request.attempt, language: "javascript" };
    case "fail":
      throw new Error("boom from javascript");
    default:
      return { echo: request.prompt, language: "javascript" };
  }
}

const { values } = parseArgs({ options: { host: { type: "string" }, token: { type: "string" }, spaces: { type: "string" } } });
const worker = new SpacesWorker({
  host: values.host,
  token: values.token,
  spaces: values.spaces.split(","),
  reconnectDelays: [100, 500],
  alreadyConnectedRetries: 0,
});
worker.on("registered", (registrations) => emit("registered", { space_ids: registrations.map((r) => r.space_id) }));
worker.on("reconnecting", ({ attempt, reason }) => emit("reconnecting", { attempt, reason: String(reason?.message ?? reason) }));
worker.on("requestCancelled", ({ requestId, wasRunning }) => wasRunning && emit("cancelled", { request_id: requestId }));
process.stdin.on("end", () => worker.stop());
process.stdin.resume();
try {
  await worker.run(handle);
  emit("exited", { kind: "stopped", error: "" });
  process.exitCode = 0;
} catch (error) {
  const kind = error instanceof RegistrationRefusedError ? "refused" : error instanceof TokenRejectedError ? "token_rejected" : "error";
  emit("exited", { kind, error: kind === "error" ? `${error.name}: ${error.message}` : error.message });
  process.exitCode = { refused: 3, token_rejected: 4, error: 5 }[kind];
}
process.stdin.pause();
