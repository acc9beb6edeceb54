#!/usr/bin/env node
// spaces-worker mock --host URL --spaces "A,B" --token T [--verbose] [--delay-ms N] [--echo-files]
// The JavaScript counterpart of the seed's mock_app.py and the .NET mock, printing the same lines.
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { HubConnectionError, RegistrationRefusedError, SpacesWorker } from "../src/index.js";

const TOKEN_VARIABLE = "SPACES_WORKER_TOKEN";
const RULE = "=".repeat(70);
const pad = (n, width = 2) => String(n).padStart(width, "0");

function createConsole(verbose) {
  const line = (level, message) => {
    const d = new Date();
    const stamp = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    process.stdout.write(`[${stamp}] [${level}] ${message}\n`);
  };
  return {
    banner(title, fields) {
      process.stdout.write([RULE, `  ${title}`, RULE, ...fields.map(([label, value]) => `  ${label}: ${value}`), RULE, ""].join("\n") + "\n");
    },
    info: (m) => line("INFO", m),
    success: (m) => line("✓", m),
    request: (m) => line("REQUEST", m),
    result: (m) => line("RESULT", m),
    error: (m) => line("ERROR", m),
    detail(message, verboseOnly = false) {
      if (!verboseOnly || verbose) {
        process.stdout.write(`  ${message}\n`);
      }
    },
  };
}

/** The mock's "model": reports 25/50/75/100 %, downloads and hashes every file, echoes the prompt. */
function mockInference(console, stepDelay, echoFiles) {
  return async (job) => {
    const started = performance.now();
    const request = job.request;
    console.info(`Processing request ${request.request_id}...`);
    const files = [];
    for (const file of request.files) {
      const data = await job.readFile(file);
      const sha256 = createHash("sha256").update(data).digest("hex");
      console.detail(`Downloaded ${file.name}: ${data.length} bytes, sha256 ${sha256}`, true);
      const summary = { name: file.name, kind: file.kind, content_type: file.content_type, size: data.length, sha256 };
      if (echoFiles) {
        summary.url = (await job.uploadResultFile(file.name, file.content_type, data)).url;
        console.detail(`Uploaded ${file.name} back as a result file: ${summary.url}`, true);
      }
      files.push(summary);
    }
    for (const percent of [25, 50, 75, 100]) {
      await new Promise((resolve) => setTimeout(resolve, stepDelay));
      job.signal.throwIfAborted();
      await job.reportProgress(percent, `Processing (${percent}%)`);
      console.info(`Progress: ${percent}%`);
    }
    const result = {
      text: `Mock response to: ${request.prompt}`,
      processing_time_seconds: Math.round((performance.now() - started) / 10) / 100,
      timestamp: new Date().toISOString(),
      files,
    };
    console.result(`Sending result for request ${request.request_id} (${result.processing_time_seconds} s)`);
    console.detail(`Text: ${result.text}`, true);
    return result;
  };
}

async function mock(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: "string" },
      spaces: { type: "string" },
      token: { type: "string" },
      verbose: { type: "boolean", short: "v", default: false },
      "delay-ms": { type: "string", default: "500" },
      "echo-files": { type: "boolean", default: false },
    },
  });
  if (!values.host || !values.spaces) {
    process.stderr.write("usage: spaces-worker mock --host URL --spaces \"A,B\" --token T [--verbose] [--delay-ms N] [--echo-files]\n");
    return 2;
  }
  const verbose = values.verbose;
  const console = createConsole(verbose);
  const spaces = values.spaces.split(",").map((s) => s.trim()).filter(Boolean);
  const spaceList = spaces.join(", ");
  console.banner("Mock WebSocket Inference App", [
    ["Host", values.host],
    [spaces.length === 1 ? "Space" : "Spaces", spaceList],
    ["Verbose", verbose ? "True" : "False"],
  ]);
  console.info(`Initializing connection to ${values.host}`);
  console.info(spaces.length === 1 ? `Space name: ${spaceList}` : `Space names: ${spaceList}`);

  let worker;
  try {
    worker = new SpacesWorker({ host: values.host, token: values.token ?? process.env[TOKEN_VARIABLE] ?? "", spaces });
  } catch (error) {
    console.error(error.message);
    return 1;
  }
  worker.on("log", (level, message) => verbose && process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`));
  worker.on("connected", ({ isReconnect }) => {
    console.success(isReconnect ? "SignalR connection re-established" : "SignalR connection established");
    for (const space of spaces) {
      console.info(`Sent registration for space: ${space}`);
    }
  });
  worker.on("registered", (registrations) => {
    console.success("Registration successful!");
    for (const r of registrations) {
      console.info(`Connection ID: ${r.connection_id}`);
      console.info(`Space ID: ${r.space_id}`);
      console.info(`Successfully connected to space "${r.space_name}"`);
    }
    console.info("Request processor started");
  });
  worker.on("reconnecting", ({ attempt, delay, reason }) => {
    console.error(`Connection lost: ${reason?.message ?? "closed by the server"}`);
    console.info(`Reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})...`);
  });
  worker.on("requestReceived", ({ request, queueLength }) => {
    console.request("New inference request received");
    console.detail(`Request ID: ${request.request_id}`);
    console.detail(`Space: ${request.space_name}`);
    console.detail(`Queue size: ${queueLength}`);
    console.detail(`Prompt: ${request.prompt}`, true);
    console.detail(`Files: ${request.files.length}`, true);
    for (const f of request.files) {
      console.detail(`  - ${f.name} (${f.kind}, ${f.content_type}, ${f.size} bytes)`, true);
    }
  });
  worker.on("requestCancelled", ({ requestId, wasRunning }) =>
    console.info(`Request ${requestId} cancelled by the server${wasRunning ? " while running" : " before it started"}`));

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => worker.stop());
  }
  console.info(`Connecting to ${values.host}...`);
  try {
    await worker.run(mockInference(console, Math.max(0, Number(values["delay-ms"]) || 0), values["echo-files"]));
    console.info("Stopped; connection closed");
    return 0;
  } catch (error) {
    if (error instanceof RegistrationRefusedError) {
      console.error(`Registration failed: ${error.message}`);
      return 1;
    }
    if (error instanceof HubConnectionError) {
      console.error(`Connection failed: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command !== "mock") {
  process.stderr.write("usage: spaces-worker mock --host URL --spaces \"A,B\" --token T [--verbose]\n");
  process.exit(2);
}
process.exitCode = await mock(rest);
