// Worker tokens: create one (its secret is shown once, here, with a Copy button), revoke one after a confirmation.
// The list is redrawn by the server after each change; it never holds a secret.
import { send, fragment } from './api.js';
import { show, hide } from './alerts.js';
import { t, problem } from './text.js';

const form = document.getElementById('token-form');
const fields = document.getElementById('token-fields');
const formError = document.getElementById('token-error');
const created = document.getElementById('token-created');
const createdTitle = document.getElementById('token-created-title');
const secret = document.getElementById('token-secret');
const copied = document.getElementById('token-copied');
const listSection = document.getElementById('tokens');
const listStatus = document.getElementById('tokens-status');
const listError = document.getElementById('tokens-error');

form.addEventListener('submit', async event => {
  event.preventDefault();
  hide(formError);
  const spaceIds = [...form.querySelectorAll('input[name="space_ids"]:checked')].map(box => box.value);
  if (spaceIds.length === 0) {
    show(formError, t('admin.tokens.chooseSpace'));
    form.querySelector('input[name="space_ids"]')?.focus();
    return;
  }
  fields.disabled = true;
  let token;
  try {
    token = await send('POST', '/api/tokens', { name: form.elements.name.value.trim(), space_ids: spaceIds });
  } catch (error) {
    show(formError, problem(error));
    return;
  } finally {
    fields.disabled = false;
  }
  form.reset();
  createdTitle.textContent = t('admin.tokens.created', token.name);
  secret.value = token.token;
  copied.textContent = '';
  created.hidden = false;
  secret.focus();
  secret.select();
  await redrawList();
});

document.getElementById('token-copy').addEventListener('click', async () => {
  copied.textContent = '';
  try {
    await navigator.clipboard.writeText(secret.value);
    copied.textContent = t('admin.tokens.copied');
  } catch {
    // No clipboard access (a page served over plain http, or permission refused): leave it to the keyboard.
    secret.focus();
    secret.select();
    copied.textContent = t('admin.tokens.copyFailed');
  }
});

listSection.addEventListener('click', async event => {
  const button = event.target.closest('[data-revoke]');
  if (!button) return;
  const row = button.closest('[data-token-id]');
  const name = row.dataset.tokenName;
  if (!confirm(t('admin.tokens.confirmRevoke', name))) return;
  hide(listStatus, listError);
  button.disabled = true;
  try {
    await send('DELETE', `/api/tokens/${encodeURIComponent(row.dataset.tokenId)}`);
  } catch (error) {
    button.disabled = false;
    show(listError, problem(error));
    return;
  }
  await redrawList();
  show(listStatus, t('admin.tokens.revoked', name), true);
});

async function redrawList() {
  try {
    document.getElementById('token-list').replaceWith(await fragment('/admin/tokens?handler=List'));
  } catch (error) {
    show(listError, problem(error));
  }
}
