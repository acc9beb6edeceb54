// The datasets list: the import form, and one live card per dataset (progress while a job runs; counts, size or
// the error once it ends, redrawn by the server).
import { send, fragment } from './api.js';
import { t, problem } from './text.js';
import { followDataset, stopFollowing, announce } from './dataset-live.js';
import { confirmDelete, importAgain } from './dataset-actions.js';
import { fieldError } from './forms.js';
import { show, hide } from './alerts.js';

const form = document.getElementById('import-form');
const submit = form.querySelector('button[type="submit"]');
const repo = document.getElementById('import-repo');
const formError = document.getElementById('import-error');
const list = document.getElementById('datasets');
const empty = document.getElementById('datasets-empty');
const heading = document.getElementById('datasets-heading');
const status = document.getElementById('datasets-announce');

// The server's rule for a Hub dataset id (DatasetGrain.RepoIdPattern).
const repoPattern = /^[A-Za-z0-9][\w.-]{0,95}\/[\w.-]{1,96}$/;

const card = id => document.getElementById(`dataset-${id}`);
const loadCard = id => fragment(`/datasets?handler=Card&datasetId=${encodeURIComponent(id)}`);

for (const item of list.querySelectorAll('[data-dataset-id]')) watch(item.dataset.datasetId);

function watch(id) {
  followDataset(id, {
    element: () => card(id),
    load: () => loadCard(id),
    replace: fresh => swap(card(id), fresh),
    gone: () => remove(id),
  });
}

/** Puts a fresh card in place of the old one, keeping the keyboard focus on the same control. */
function swap(old, fresh) {
  if (!old) return;
  const focused = old.contains(document.activeElement) ? document.activeElement : null;
  old.replaceWith(fresh);
  if (!focused) return;
  const same = ['[data-delete]', '[data-retry]', 'a.button', 'h2 a'].find(selector => focused.matches(selector));
  (same && fresh.querySelector(same) || fresh.querySelector('a')).focus();
}

async function showCard(id) {
  const fresh = await loadCard(id);
  if (card(id)) swap(card(id), fresh); else list.prepend(fresh);
  empty.hidden = true;
  watch(id);
}

function remove(id) {
  stopFollowing(id);
  card(id)?.remove();
  empty.hidden = list.children.length > 0;
}

function validateRepo() {
  const value = repo.value.trim();
  return fieldError(repo, !value ? t('dataset.import.repoRequired') : repoPattern.test(value) ? '' : t('dataset.import.repoInvalid'));
}

repo.addEventListener('input', () => {
  if (repo.getAttribute('aria-invalid') === 'true') validateRepo();
});

form.addEventListener('submit', async event => {
  event.preventDefault();
  hide(formError);
  if (!validateRepo()) {
    repo.focus();
    return;
  }
  const value = name => form.elements[name].value.trim() || null;
  const body = { repo_id: value('repo_id'), config: value('config'), split: value('split') ?? 'train', revision: value('revision') };
  submit.disabled = true;
  try {
    const dataset = await send('POST', form.action, body);
    await showCard(dataset.id);
    form.reset();
    announce(status, t('dataset.import.started', dataset.repo_id));
  } catch (error) {
    show(formError, problem(error));
  } finally {
    submit.disabled = false;
  }
});

list.addEventListener('click', async event => {
  const button = event.target.closest('[data-delete], [data-retry]');
  if (!button) return;
  const item = button.closest('[data-dataset-id]');
  const id = item.dataset.datasetId;
  if (button.matches('[data-delete]')) {
    const name = button.dataset.name;
    if (await confirmDelete(id, name)) {
      remove(id);
      heading.focus();
      announce(status, t('dataset.deleted', name));
    }
    return;
  }
  button.disabled = true;
  try {
    const { fresh, replaced } = await importAgain(id, button.dataset);
    if (replaced) remove(id);
    await showCard(fresh.id);
    card(fresh.id)?.querySelector('a')?.focus();
    announce(status, t('dataset.import.started', fresh.repo_id));
  } catch (error) {
    button.disabled = false;
    item.querySelector('[data-error]').textContent = problem(error);
  }
});
