// The spaces admin list: a space is deleted after a confirmation, then the page says so where focus lands.
import { send } from './api.js';
import { show, hide } from './alerts.js';
import { t, problem } from './text.js';

const list = document.getElementById('admin-spaces');
const status = document.getElementById('spaces-status');
const failure = document.getElementById('spaces-error');
const empty = document.getElementById('spaces-empty');

list.addEventListener('click', async event => {
  const button = event.target.closest('[data-delete]');
  if (!button) return;
  const item = button.closest('[data-space-id]');
  const name = item.dataset.spaceName;
  if (!confirm(t('admin.spaces.confirmDelete', name))) return;
  hide(status, failure);
  button.disabled = true;
  try {
    await send('DELETE', `/api/spaces/${encodeURIComponent(item.dataset.spaceId)}`);
    item.remove();
    empty.hidden = list.children.length > 0;
    show(status, t('admin.spaces.deleted', name), true);
  } catch (error) {
    button.disabled = false;
    show(failure, problem(error));
  }
});
