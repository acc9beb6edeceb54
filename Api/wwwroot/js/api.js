// Calls to the REST API from pages. Errors arrive as problem details; ApiError carries their code and detail.

export class ApiError extends Error {
  constructor(status, code, detail, reason) {
    super(detail ?? code);
    this.status = status;
    this.code = code;
    this.detail = detail ?? '';
    this.reason = reason;
  }
}

/**
 * Sends a request and returns the parsed JSON answer (or null when there is none).
 * body may be a FormData (sent as multipart), a File or Blob (sent as it is, as a cover image is),
 * or any other value (sent as JSON).
 */
export async function send(method, url, body) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body instanceof Blob) {
    init.headers['Content-Type'] = body.type || 'application/octet-stream';
    init.body = body;
  } else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError(0, 'Network', null);
  }
  const text = await response.text();
  const data = text ? safeJson(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, data?.code ?? 'Http' + response.status, data?.detail ?? data?.title ?? null, data?.reason);
  }
  return data;
}

/** A fragment of server-rendered HTML (a page handler's partial), parsed into an element. */
export async function fragment(url) {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
  if (!response.ok) {
    throw new ApiError(response.status, 'Http' + response.status, null);
  }
  const template = document.createElement('template');
  template.innerHTML = (await response.text()).trim();
  return template.content.firstElementChild;
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}
