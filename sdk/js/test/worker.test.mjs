// The pieces of the JavaScript SDK that need no Spaces host; the scenarios against the real host run from the .NET tests.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { HubConnectionError, RegistrationRefusedError, SpacesWorker, TokenRejectedError, hubErrorDetail, statusCodeOf } from "../src/index.js";

test("hubErrorDetail drops the server's prefix", () => {
  const error = new Error("An unexpected error occurred invoking 'Register' on the server. HubException: Space not found: A");
  assert.equal(hubErrorDetail(error), "Space not found: A");
  assert.equal(hubErrorDetail(new Error("plain text")), "plain text");
});

test("statusCodeOf reads the SignalR client's status text", () => {
  assert.equal(statusCodeOf(new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'")), 401);
  assert.equal(statusCodeOf({ statusCode: 403 }), 403);
  assert.equal(statusCodeOf(new Error("connect ECONNREFUSED")), undefined);
});

test("registration refusals are classified from the server's text", () => {
  assert.equal(new RegistrationRefusedError("Space not found: A").refusal, "space_not_found");
  assert.equal(new RegistrationRefusedError("Multiple spaces with name found: A").refusal, "duplicate_space_name");
  assert.equal(new RegistrationRefusedError("Space A already has a connected worker").refusal, "space_already_has_worker");
  assert.equal(new RegistrationRefusedError("This worker token is not allowed for space A").refusal, "other");
});

test("options are checked and the error names the wrong one", () => {
  assert.throws(() => new SpacesWorker({ host: "localhost:5000", token: "t", spaces: ["A"] }), /host/);
  assert.throws(() => new SpacesWorker({ host: "http://h", token: " ", spaces: ["A"] }), /token/);
  assert.throws(() => new SpacesWorker({ host: "http://h", token: "t", spaces: [] }), /spaces/);
  assert.throws(() => new SpacesWorker({ host: "http://h", token: "t", spaces: ["A"], reconnectDelays: [] }), /reconnectDelays/);
  assert.equal(new SpacesWorker({ host: "http://h/", token: "t", spaces: ["A"] }).options.host, "http://h");
});

test("a first connection to nothing listening rejects run() with a connection error", async () => {
  const worker = new SpacesWorker({ host: "http://127.0.0.1:9", token: "t", spaces: ["A"] });
  await assert.rejects(worker.run(() => null), (error) => error instanceof HubConnectionError && !(error instanceof TokenRejectedError));
});

test("a token the server answers 401 for rejects run() with TokenRejectedError", async () => {
  const server = createServer((request, response) => {
    response.writeHead(401).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const worker = new SpacesWorker({ host: `http://127.0.0.1:${server.address().port}`, token: "wrong", spaces: ["A"] });
    await assert.rejects(worker.run(() => null), (error) => error instanceof TokenRejectedError && error.statusCode === 401);
  } finally {
    server.close();
  }
});
