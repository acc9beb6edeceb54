// A space page: live status, the submission form (enabled only while a worker is connected),
// and the user's requests with their position, progress and result.
import { follow, unfollow } from './live.js';
import { send, fragment } from './api.js';
import { followSpaceStatus } from './space-status.js';
import { t, percent, problem } from './text.js';
import { show, hide } from './alerts.js';

const page = document.querySelector('[data-space-id]');
const spaceId = page.dataset.spaceId;
const form = document.getElementById('submit-form');
const fields = document.getElementById('submit-fields');
const disabledHint = document.getElementById('submit-disabled-hint');
const submitError = document.getElementById('submit-error');
const list = document.getElementById('requests');
const empty = document.getElementById('requests-empty');

followSpaceStatus(spaceId, connected => {
  fields.disabled = !connected;
  disabledHint.hidden = connected;
});

form.addEventListener('submit', async event => {
  event.preventDefault();
  hide(submitError);
  // Read the form before disabling it: disabled controls are left out of a FormData.
  const body = new FormData(form);
  fields.disabled = true;
  try {
    const accepted = await send('POST', form.action, body);
    form.reset();
    await showRequest(accepted.request_id);
  } catch (error) {
    show(submitError, problem(error));
  } finally {
    fields.disabled = document.querySelector(`[data-space-status="${spaceId}"] .badge`).dataset.connected !== 'true';
  }
});

list.addEventListener('click', async event => {
  const button = event.target.closest('[data-cancel]');
  if (!button) return;
  const item = button.closest('[data-request-id]');
  button.disabled = true;
  try {
    await send('POST', `/api/requests/${item.dataset.requestId}/cancel`);
  } catch (error) {
    showItemError(item, problem(error));
    button.disabled = false;
  }
});

for (const item of list.querySelectorAll('[data-request-id][data-live="true"]')) {
  followRequest(item.dataset.requestId);
}

/** Inserts (or redraws) a request's item from the server's rendering, then follows it while it is live. */
async function showRequest(requestId) {
  const fresh = await fragment(`/spaces/${spaceId}?handler=Request&requestId=${encodeURIComponent(requestId)}`);
  const current = document.getElementById(`request-${requestId}`);
  if (current) current.replaceWith(fresh); else list.prepend(fresh);
  empty.hidden = true;
  if (fresh.dataset.live === 'true') followRequest(requestId); else unfollow(`requests/${requestId}`);
}

function followRequest(requestId) {
  const item = () => document.getElementById(`request-${requestId}`);
  follow(`requests/${requestId}`, {
    snapshot: view => draw(item(), view),
    event: (type, data) => {
      if (type === 'completed' || type === 'failed' || type === 'cancelled') {
        showRequest(requestId);
        return;
      }
      const element = item();
      if (!element) return;
      if (type === 'position') setPosition(element, data.position);
      if (type === 'queued') draw(element, { status: data.status, position: data.position, progress: 0, message: null });
      if (type === 'progress') draw(element, { status: data.status, progress: data.progress, message: data.message });
    },
  });
}

/** Redraws status, position and progress; a finished request is fetched whole instead. */
function draw(element, view) {
  if (!element) return;
  if (!['queued', 'processing'].includes(view.status)) {
    showRequest(element.dataset.requestId);
    return;
  }
  element.dataset.status = view.status;
  const status = element.querySelector('[data-status-text]');
  status.textContent = t(`request.status.${view.status}`);
  status.className = `status status-${view.status}`;
  if (view.status === 'queued') setPosition(element, view.position); else element.querySelector('[data-position]').hidden = true;
  if (view.progress !== undefined) {
    element.querySelector('[data-progress]').value = view.progress;
    element.querySelector('[data-progress-text]').textContent = percent(view.progress);
  }
  if (view.message !== undefined) element.querySelector('[data-message]').textContent = view.message ?? '';
}

function setPosition(element, position) {
  const label = element.querySelector('[data-position]');
  label.textContent = t('request.position', position);
  label.hidden = element.dataset.status !== 'queued';
}

function showItemError(item, message) {
  let alert = item.querySelector('.alert-error');
  if (!alert) {
    alert = document.createElement('div');
    alert.className = 'alert alert-error';
    alert.setAttribute('role', 'alert');
    item.append(alert);
  }
  alert.textContent = message;
}
