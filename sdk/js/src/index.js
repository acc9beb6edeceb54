// A Spaces inference worker on the official SignalR JavaScript client: connects to {host}/hubs/worker, registers for
// its spaces and runs requests one at a time; reconnects with backoff and registers again.
import { EventEmitter } from "node:events";
import { HttpTransportType, HubConnectionBuilder, LogLevel } from "@microsoft/signalr";

export const HUB_PATH = "/hubs/worker";

// The SignalR server's wording for a HubException: "An unexpected error occurred invoking 'X' on the server. HubException: why".
const SERVER_ERROR_PREFIX = /^(?:Error: )?An unexpected error occurred invoking '[^']*' on the server\. (?:\w*Exception: )?(.*)$/s;

/** The server's text of a hub error, without the prefix the server adds. */
export function hubErrorDetail(error) {
  const message = error instanceof Error ? error.message : String(error);
  const match = SERVER_ERROR_PREFIX.exec(message);
  return match ? match[1] : message;
}

/** The HTTP status in an error of the SignalR client ("...: Status code '401'"), or undefined. */
export function statusCodeOf(error) {
  if (error && typeof error.statusCode === "number") {
    return error.statusCode;
  }
  const match = /Status code '(\d+)'/.exec(error instanceof Error ? error.message : String(error));
  return match ? Number(match[1]) : undefined;
}

/** The server's 503 StorageUnavailable in words: it changed nothing, and the same call may succeed shortly. */
function saysStorageUnavailable(message) {
  return message.toLowerCase().includes("storage is unavailable");
}

/** The hub refused Register; the message is the server's reason, `refusal` classifies it. */
export class RegistrationRefusedError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "RegistrationRefusedError";
    const lowered = message.toLowerCase();
    this.refusal = saysStorageUnavailable(lowered)
      ? "storage_unavailable"
      : lowered.includes("already has a connected worker")
      ? "space_already_has_worker"
      : lowered.includes("multiple spaces")
        ? "duplicate_space_name"
        : lowered.includes("not found")
          ? "space_not_found"
          : "other";
  }
}

/** The connection could not be established; `statusCode` is the HTTP status when the server answered one. */
export class HubConnectionError extends Error {
  constructor(message, statusCode, options) {
    super(message, options);
    this.name = "HubConnectionError";
    this.statusCode = statusCode;
  }
}

/** The server answered 401/403: the token is wrong or was revoked. Retrying cannot help. */
export class TokenRejectedError extends HubConnectionError {
  constructor(statusCode, options) {
    super(`The server rejected the worker token (${statusCode})`, statusCode, options);
    this.name = "TokenRejectedError";
  }
}

/** The API refused a file call; `status` is the HTTP status, the message carries the problem's code and detail. */
export class SpacesHttpError extends Error {
  constructor(message, status) {
    super(message);
    this.name = "SpacesHttpError";
    this.status = status;
  }
}

/** One request being processed: its payload, progress reporting, its files and the files it produces. */
export class Job {
  #connection;
  #files;
  #log;

  constructor(request, connection, files, signal, log) {
    this.request = request;
    /** Aborted when the server cancels this request, the connection drops, or the worker stops. */
    this.signal = signal;
    this.#connection = connection;
    this.#files = files;
    this.#log = log;
  }

  /** Calls Progress(requestId, percent, message). A refusal by the server is logged, not thrown: progress is advisory. */
  async reportProgress(percent, message = null) {
    try {
      await this.#connection.invoke("Progress", this.request.request_id, Math.max(0, Math.min(100, percent)), message);
    } catch (error) {
      if (this.#connection.state !== "Connected") {
        throw error;
      }
      this.#log("warn", `Progress for ${this.request.request_id} refused: ${hubErrorDetail(error)}`);
    }
  }

  /** Downloads a request file (GET {host}{file.url} with the worker token). */
  readFile(file) {
    return this.#files.read(file, this.signal);
  }

  /**
   * Uploads a file this request produced (PUT /api/requests/{id}/results/{name}); returns its descriptor
   * {name, content_type, size, url}. Put it in the result under `files` and the portal shows it.
   */
  uploadResultFile(name, contentType, data) {
    return this.#files.upload(this.request.request_id, name, contentType, data, this.signal);
  }
}

class FileClient {
  #host;
  #token;

  constructor(host, token) {
    this.#host = host;
    this.#token = token;
  }

  async read(file, signal) {
    const url = new URL(file.url, this.#host + "/");
    // The token only goes to the Spaces host, never to a URL elsewhere the server might have handed out.
    const headers = url.origin === new URL(this.#host).origin ? { Authorization: `Bearer ${this.#token}` } : {};
    const response = await fetch(url, { headers, signal });
    if (!response.ok) {
      throw new SpacesHttpError(`Downloading file '${file.name}' failed: ${response.status} ${response.statusText}`, response.status);
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  async upload(requestId, name, contentType, data, signal) {
    const url = `${this.#host}/api/requests/${encodeURIComponent(requestId)}/results/${encodeURIComponent(name)}`;
    const response = await fetch(url, {
      method: "PUT",
      headers: { Authorization: `Bearer ${this.#token}`, "Content-Type": contentType },
      body: data,
      signal,
    });
    if (!response.ok) {
      let problem = response.statusText;
      try {
        const body = await response.json();
        problem = `${body.code}: ${body.detail}`;
      } catch {
        // not problem details: the status text says enough
      }
      throw new SpacesHttpError(`Uploading result file '${name}' failed: ${response.status} ${problem}`, response.status);
    }
    return await response.json();
  }
}

const DEFAULTS = {
  reconnectDelays: [0, 1000, 2000, 5000, 10000],
  reconnectJitter: 0.2,
  alreadyConnectedRetries: 5,
  keepAliveInterval: 15000,
  serverTimeout: 30000,
};

/**
 * Connects a worker to {host}/hubs/worker, registers for `spaces` and feeds the handler requests one at a time.
 * Events: "connected" ({connectionId, isReconnect}), "registered" (registrations), "reconnecting" ({attempt, delay, reason}),
 * "requestReceived" ({request, queueLength}), "requestCancelled" ({requestId, wasRunning}), "log" (level, message).
 */
export class SpacesWorker extends EventEmitter {
  #stopping = null;

  constructor(options) {
    super();
    const { host, token, spaces } = options ?? {};
    if (typeof host !== "string" || !/^https?:\/\//.test(host)) {
      throw new TypeError(`host must be an absolute http(s) URL, got '${host}'`);
    }
    if (typeof token !== "string" || token.trim() === "") {
      throw new TypeError("token is required");
    }
    if (!Array.isArray(spaces) || spaces.length === 0 || spaces.some((s) => typeof s !== "string" || s.trim() === "")) {
      throw new TypeError("spaces must name at least one space, without blank names");
    }
    this.options = { ...DEFAULTS, ...options, host: host.replace(/\/+$/, "") };
    if (!Array.isArray(this.options.reconnectDelays) || this.options.reconnectDelays.length === 0 || this.options.reconnectDelays.some((d) => d < 0)) {
      throw new TypeError("reconnectDelays must hold at least one non-negative delay");
    }
  }

  /** Asks run() to close the connection and resolve. */
  stop() {
    if (this.#stopping) {
      this.#stopping.done = true;
      this.#stopping.resolve();
    }
  }

  /**
   * Runs until stop(). Rejects with RegistrationRefusedError when the server refuses the spaces, TokenRejectedError when
   * the token is refused (also after a revocation), HubConnectionError when the first connection fails. The handler's
   * value is sent with Complete; an error it throws is sent with Fail; a cancelled request sends nothing.
   */
  async run(handler) {
    if (this.#stopping) {
      throw new Error("This SpacesWorker is already running");
    }
    let resolve;
    const stopped = new Promise((r) => (resolve = r));
    this.#stopping = { promise: stopped, resolve, done: false };
    try {
      await this.#runWithReconnects(handler, this.#stopping);
    } finally {
      this.#stopping = null;
    }
  }

  #log(level, message) {
    this.emit("log", level, message);
  }

  #raise(name, value) {
    try {
      this.emit(name, value);
    } catch (error) {
      this.#log("error", `The ${name} event handler failed: ${error}`);
    }
  }

  async #runWithReconnects(handler, stopping) {
    const files = new FileClient(this.options.host, this.options.token);
    let hasConnected = false;
    let hasRegistered = false;
    let attempt = 0;
    let alreadyConnectedRefusals = 0;
    for (;;) {
      const session = new Session(this, files, (level, message) => this.#log(level, message), (n, v) => this.#raise(n, v));
      let reason;
      try {
        await session.start();
        const isReconnect = hasConnected;
        hasConnected = true;
        this.#raise("connected", { connectionId: session.connectionId, isReconnect });
        const registrations = await session.register();
        hasRegistered = true;
        attempt = 0;
        alreadyConnectedRefusals = 0;
        this.#raise("registered", registrations);
        reason = await session.processUntilClosed(handler, stopping.promise);
        if (stopping.done) {
          return;
        }
      } catch (error) {
        await session.stop();
        if (error instanceof RegistrationRefusedError) {
          // Storage being out passes: retried with the reconnect backoff for as long as it lasts.
          const outage = error.refusal === "storage_unavailable";
          const retriable = outage || (hasRegistered && error.refusal === "space_already_has_worker" && alreadyConnectedRefusals < this.options.alreadyConnectedRetries);
          if (!retriable) {
            throw error;
          }
          if (!outage) {
            alreadyConnectedRefusals++;
          }
        } else if (error instanceof HubConnectionError) {
          if (error.statusCode === 401 || error.statusCode === 403) {
            throw new TokenRejectedError(error.statusCode, { cause: error });
          }
          if (!hasConnected) {
            throw error;
          }
        } else if (!hasConnected) {
          throw error;
        }
        reason = error;
      }

      attempt++;
      const delay = this.#delayBefore(attempt);
      this.#log("info", `Reconnecting in ${delay} ms (attempt ${attempt}): ${reason?.message ?? reason}`);
      this.#raise("reconnecting", { attempt, delay, reason });
      let timer;
      await Promise.race([stopping.promise, new Promise((r) => (timer = setTimeout(r, delay)))]);
      clearTimeout(timer);
      if (stopping.done) {
        return;
      }
    }
  }

  #delayBefore(attempt) {
    const delays = this.options.reconnectDelays;
    const base = delays[Math.min(Math.max(attempt - 1, 0), delays.length - 1)];
    const jitter = this.options.reconnectJitter;
    if (base === 0 || jitter <= 0) {
      return base;
    }
    // Uniform in [1 - jitter, 1 + jitter]: spreads out workers that all lost the same server.
    return Math.max(0, Math.round(base * (1 + (Math.random() * 2 - 1) * jitter)));
  }
}

/**
 * One hub connection: queues requests in arrival order and runs them one at a time. When the connection drops, the
 * running job is aborted and the queue dropped: the server dispatches them again.
 */
class Session {
  #worker;
  #files;
  #log;
  #raise;
  #connection;
  #queue = [];
  #wake = null;
  #cancelledWhileQueued = new Set();
  #running = new Map();
  #closed;

  constructor(worker, files, log, raise) {
    this.#worker = worker;
    this.#files = files;
    this.#log = log;
    this.#raise = raise;
    const { host, token, keepAliveInterval, serverTimeout } = worker.options;
    this.#connection = new HubConnectionBuilder()
      .withUrl(host + HUB_PATH, { accessTokenFactory: () => token, transport: HttpTransportType.WebSockets })
      .configureLogging({ log: (level, message) => level >= LogLevel.Warning && log(level >= LogLevel.Error ? "error" : "warn", message) })
      .build();
    this.#connection.keepAliveIntervalInMilliseconds = keepAliveInterval;
    this.#connection.serverTimeoutInMilliseconds = serverTimeout;
    this.#closed = new Promise((resolve) => this.#connection.onclose((error) => resolve(error ?? new Error("The server closed the connection"))));
    // Handlers are in place before the handshake, so nothing the server sends is missed.
    this.#connection.on("Request", (request) => this.#onRequest(request));
    this.#connection.on("Cancel", (cancel) => this.#onCancel(cancel));
  }

  get connectionId() {
    return this.#connection.connectionId ?? "";
  }

  async start() {
    try {
      await this.#connection.start();
    } catch (error) {
      throw new HubConnectionError(String(error?.message ?? error), statusCodeOf(error), { cause: error });
    }
  }

  async register() {
    let result;
    try {
      result = await this.#connection.invoke("Register", [...this.#worker.options.spaces]);
    } catch (error) {
      if (this.#connection.state !== "Connected") {
        throw error;
      }
      throw new RegistrationRefusedError(hubErrorDetail(error), { cause: error });
    }
    return result ?? [];
  }

  stop() {
    return this.#connection.stop().catch(() => {});
  }

  /** Processes requests until the connection ends (resolves with why) or the worker stops (closes it, resolves undefined). */
  async processUntilClosed(handler, stopping) {
    const ended = { value: false };
    const processing = this.#processQueue(handler, ended);
    const reason = await Promise.race([this.#closed, stopping.then(() => undefined)]);
    ended.value = true;
    for (const running of this.#running.values()) {
      running.abort(new Error("The session ended"));
    }
    this.#wake?.();
    await processing;
    if (reason === undefined) {
      await this.stop();
    }
    return reason;
  }

  #onRequest(request) {
    this.#queue.push(request);
    this.#log("info", `Request ${request.request_id} received (queue ${this.#queue.length})`);
    this.#raise("requestReceived", { request, queueLength: this.#queue.length });
    this.#wake?.();
  }

  #onCancel(cancel) {
    const requestId = cancel?.request_id;
    const running = this.#running.get(requestId);
    if (running) {
      running.abort(new Error(`Request ${requestId} was cancelled by the server`));
    } else if (this.#queue.some((r) => r.request_id === requestId)) {
      this.#cancelledWhileQueued.add(requestId);
    } else {
      return; // already finished, or never here
    }
    this.#log("info", `Request ${requestId} cancelled by the server`);
    this.#raise("requestCancelled", { requestId, wasRunning: running !== undefined });
  }

  async #processQueue(handler, ended) {
    while (!ended.value) {
      const request = this.#queue.shift();
      if (!request) {
        await new Promise((resolve) => (this.#wake = resolve));
        this.#wake = null;
        continue;
      }
      if (this.#cancelledWhileQueued.delete(request.request_id)) {
        continue;
      }
      const controller = new AbortController();
      this.#running.set(request.request_id, controller);
      const job = new Job(request, this.#connection, this.#files, controller.signal, this.#log);
      // A handler that ignores its signal does not hold up the queue: once aborted, its outcome is discarded.
      const aborted = new Promise((resolve) => controller.signal.addEventListener("abort", () => resolve({ aborted: true }), { once: true }));
      let outcome;
      try {
        outcome = await Promise.race([Promise.resolve().then(() => handler(job)).then((value) => ({ value }), (error) => ({ error })), aborted]);
      } finally {
        this.#running.delete(request.request_id);
      }
      if (outcome.aborted || controller.signal.aborted) {
        this.#log("info", `Request ${request.request_id} was cancelled; its result is discarded`);
      } else if ("error" in outcome) {
        const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        this.#log("warn", `Handler failed for ${request.request_id}: ${message}`);
        await this.#sendOutcome("Fail", request.request_id, message || "Error");
      } else {
        await this.#sendOutcome("Complete", request.request_id, outcome.value ?? null);
      }
    }
  }

  /** While the server says its storage is out (it changed nothing), the outcome is sent again, for as long as this connection lasts. */
  async #sendOutcome(method, requestId, outcome) {
    for (let pause = 250; ; pause = Math.min(pause * 2, 4000)) {
      try {
        await this.#connection.invoke(method, requestId, outcome);
        return;
      } catch (error) {
        const detail = hubErrorDetail(error);
        if (!saysStorageUnavailable(detail) || this.#connection.state !== "Connected") {
          this.#log("warn", `${method} for ${requestId} not accepted: ${detail}`);
          return;
        }
        this.#log("warn", `${method} for ${requestId}: the server's storage is out; sent again in ${pause} ms`);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }
}
