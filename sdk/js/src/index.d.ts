import { EventEmitter } from "node:events";

export declare const HUB_PATH: "/hubs/worker";

/** A file of a request; `url` is a path on the API that the worker's token may read. */
export interface WorkerFile {
  name: string;
  kind: string;
  content_type: string;
  size: number;
  url: string;
}

/** What the server sends as Request({...}). */
export interface WorkerRequest {
  request_id: string;
  space_id: string;
  space_name: string;
  prompt: string;
  files: WorkerFile[];
  attempt: number;
  created_at: string;
}

/** One space the server accepted this worker for. */
export interface Registration {
  space_name: string;
  space_id: string;
  connection_id: string;
}

/** What an uploaded result file is known by; list it in the result under `files`. */
export interface ResultFile {
  name: string;
  content_type: string;
  size: number;
  url: string;
}

export interface SpacesWorkerOptions {
  /** Base URL of the Spaces API, e.g. http://localhost:5000; the hub is {host}/hubs/worker. */
  host: string;
  /** A worker token (POST /api/tokens) for the spaces below. */
  token: string;
  /** Names of the spaces this worker serves. */
  spaces: string[];
  /** Milliseconds to wait before successive reconnect attempts; the last repeats. Default [0, 1000, 2000, 5000, 10000]. */
  reconnectDelays?: number[];
  /** Each reconnect delay is varied by up to this fraction. Default 0.2. */
  reconnectJitter?: number;
  /** After a reconnect, how often "Space X already has a connected worker" is retried. Default 5. */
  alreadyConnectedRetries?: number;
  /** Ping interval in milliseconds. Default 15000. */
  keepAliveInterval?: number;
  /** The connection counts as dead when nothing arrives for this many milliseconds. Default 30000. */
  serverTimeout?: number;
}

/** One request being processed. */
export declare class Job {
  readonly request: WorkerRequest;
  /** Aborted when the server cancels this request, the connection drops, or the worker stops. */
  readonly signal: AbortSignal;
  /** Calls Progress(requestId, percent, message); a refusal by the server is logged, not thrown. */
  reportProgress(percent: number, message?: string | null): Promise<void>;
  /** Downloads a request file with the worker token. */
  readFile(file: WorkerFile): Promise<Uint8Array>;
  /** Uploads a file this request produced (PUT /api/requests/{id}/results/{name}). */
  uploadResultFile(name: string, contentType: string, data: Uint8Array | ArrayBuffer | Blob | string): Promise<ResultFile>;
}

export type Handler = (job: Job) => unknown | Promise<unknown>;

export interface SpacesWorkerEvents {
  connected: [{ connectionId: string; isReconnect: boolean }];
  registered: [Registration[]];
  reconnecting: [{ attempt: number; delay: number; reason: unknown }];
  requestReceived: [{ request: WorkerRequest; queueLength: number }];
  requestCancelled: [{ requestId: string; wasRunning: boolean }];
  log: ["info" | "warn" | "error", string];
}

export declare class SpacesWorker extends EventEmitter {
  constructor(options: SpacesWorkerOptions);
  readonly options: Required<SpacesWorkerOptions>;
  /**
   * Runs until stop(). Rejects with RegistrationRefusedError, TokenRejectedError (also after a revocation), or
   * HubConnectionError when the first connection fails. The handler's value is sent with Complete; an error with Fail.
   */
  run(handler: Handler): Promise<void>;
  /** Asks run() to close the connection and resolve. */
  stop(): void;
  on<K extends keyof SpacesWorkerEvents>(event: K, listener: (...args: SpacesWorkerEvents[K]) => void): this;
  once<K extends keyof SpacesWorkerEvents>(event: K, listener: (...args: SpacesWorkerEvents[K]) => void): this;
}

export declare class RegistrationRefusedError extends Error {
  readonly refusal: "space_not_found" | "duplicate_space_name" | "space_already_has_worker" | "storage_unavailable" | "other";
}

export declare class HubConnectionError extends Error {
  readonly statusCode: number | undefined;
}

export declare class TokenRejectedError extends HubConnectionError {}

export declare class SpacesHttpError extends Error {
  readonly status: number;
}

/** The server's text of a hub error, without the prefix the server adds. */
export declare function hubErrorDetail(error: unknown): string;

/** The HTTP status in an error of the SignalR client, or undefined. */
export declare function statusCodeOf(error: unknown): number | undefined;
