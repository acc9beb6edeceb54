// The space editor: creates (POST) or updates (PATCH) the space through the REST API, then uploads (PUT) or
// removes (DELETE) its cover, then returns to the list. A refusal shows in the form's alert.
import { send } from './api.js';
import { show, hide } from './alerts.js';
import { t, problem, bytes } from './text.js';

const form = document.getElementById('space-form');
const fields = document.getElementById('space-fields');
const failure = document.getElementById('space-error');
const duplicate = document.getElementById('space-duplicate');
const title = document.getElementById('space-form-title');
const submit = document.getElementById('space-submit');
const coverInput = document.getElementById('space-cover');
const removeCover = document.getElementById('space-cover-remove');
const preview = document.getElementById('cover-preview');
const maxCoverBytes = Number(form.dataset.maxCoverBytes);
const inputKinds = ['prompt', 'audio', 'video', 'image', 'file'];

coverInput.addEventListener('change', () => {
  const file = coverInput.files[0];
  if (!file) return;
  if (removeCover) removeCover.checked = false;
  const image = document.createElement('img');
  image.className = 'cover';
  image.alt = '';
  image.src = URL.createObjectURL(file);
  image.addEventListener('load', () => URL.revokeObjectURL(image.src), { once: true });
  preview.replaceChildren(image);
});

form.addEventListener('submit', async event => {
  event.preventDefault();
  hide(failure, duplicate);
  const cover = coverInput.files[0];
  if (cover && cover.size > maxCoverBytes) {
    show(failure, t('admin.space.coverTooLarge', bytes(maxCoverBytes)));
    coverInput.focus();
    return;
  }
  const body = {
    name: form.elements.name.value.trim(),
    description: form.elements.description.value.trim(),
    inputs: Object.fromEntries(inputKinds.map(kind => [kind, form.elements[kind].checked])),
  };
  const creating = !form.dataset.spaceId;
  fields.disabled = true;
  try {
    if (await warnOfDuplicate(body.name)) {
      fields.disabled = false;
      return;
    }
    if (creating) {
      form.dataset.spaceId = (await send('POST', '/api/spaces', body)).id;
    } else {
      await send('PATCH', spaceUrl(), body);
    }
  } catch (error) {
    fields.disabled = false;
    show(failure, problem(error));
    return;
  }
  try {
    if (cover) await send('PUT', `${spaceUrl()}/cover`, cover);
    else if (removeCover?.checked) await send('DELETE', `${spaceUrl()}/cover`);
    location.assign(`/admin/spaces?saved=${encodeURIComponent(form.dataset.spaceId)}`);
  } catch (error) {
    fields.disabled = false;
    if (creating) becomeEditor();
    show(failure, creating ? t('admin.space.createdCoverFailed', problem(error)) : problem(error));
  }
});

/**
 * Names may repeat (the old portal's scripts rely on it), but a second space with a name usually is a mistake:
 * warn once, and save when the same name is submitted again.
 */
async function warnOfDuplicate(name) {
  if (form.dataset.confirmedName === name) return false;
  const others = (await send('GET', `/api/spaces?name=${encodeURIComponent(name)}`))
    .filter(space => space.name === name && space.id !== form.dataset.spaceId);
  if (others.length === 0) return false;
  form.dataset.confirmedName = name;
  show(duplicate, t('admin.space.duplicateName', name, submit.textContent.trim()));
  return true;
}

function spaceUrl() {
  return `/api/spaces/${encodeURIComponent(form.dataset.spaceId)}`;
}

/** The space exists now: saving again must update it, not create a second one. */
function becomeEditor() {
  history.replaceState(null, '', `/admin/spaces/${encodeURIComponent(form.dataset.spaceId)}`);
  title.textContent = t('admin.space.editTitle');
  submit.textContent = t('common.save');
}
