// Deleting a dataset (after a confirmation) and importing a failed one again; the list and a dataset's page share them.
import { send } from './api.js';
import { t, problem } from './text.js';
import { show, hide } from './alerts.js';

const dialog = document.getElementById('delete-dialog');

/**
 * Asks before deleting, in a modal dialog (Esc or Cancel keep the dataset). Resolves true once the dataset is gone,
 * false when the user kept it; a refusal is shown in the dialog, which stays open.
 */
export function confirmDelete(id, name) {
  const body = dialog.querySelector('[data-body]');
  const error = dialog.querySelector('[data-error]');
  const confirm = dialog.querySelector('[data-confirm]');
  const cancel = dialog.querySelector('[data-cancel]');
  body.textContent = t('dataset.delete.body', name);
  hide(error);
  return new Promise(resolve => {
    const listening = new AbortController();
    const finish = deleted => {
      listening.abort();
      if (dialog.open) dialog.close();
      resolve(deleted);
    };
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        await send('DELETE', `/api/datasets/${id}`);
        finish(true);
      } catch (refusal) {
        if (refusal.code === 'DatasetNotFound') {
          finish(true); // already gone (another tab deleted it)
          return;
        }
        show(error, problem(refusal));
      } finally {
        confirm.disabled = false;
      }
    }, { signal: listening.signal });
    cancel.addEventListener('click', () => finish(false), { signal: listening.signal });
    dialog.addEventListener('close', () => finish(false), { signal: listening.signal });
    dialog.showModal();
  });
}

/**
 * Imports a failed dataset again with the same repo, config, split and revision, then deletes the failed one, whose
 * error has served its purpose. Returns the new dataset and whether the failed one is gone.
 */
export async function importAgain(id, { repo, config, split, revision }) {
  const fresh = await send('POST', '/api/datasets', { repo_id: repo, config: config || null, split, revision: revision || null });
  try {
    await send('DELETE', `/api/datasets/${id}`);
    return { fresh, replaced: true };
  } catch (error) {
    // The new import is under way; the failed one stays, with its error, until the user deletes it.
    console.warn(`Could not delete the failed dataset ${id}`, error);
    return { fresh, replaced: false };
  }
}
