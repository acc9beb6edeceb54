// The live connected badge and queue size of a space (spaces/{id}/status), on the list and on a space page.
import { follow } from './live.js';
import { t } from './text.js';

/** Follows a space's status and redraws its badge; onChange(view) runs after each change. */
export function followSpaceStatus(spaceId, onChange) {
  const elements = () => document.querySelectorAll(`[data-space-status="${spaceId}"]`);
  const draw = (connected, queueSize) => {
    for (const element of elements()) {
      const badge = element.querySelector('.badge');
      badge.dataset.connected = String(connected);
      badge.classList.toggle('badge-ok', connected);
      badge.classList.toggle('badge-off', !connected);
      badge.textContent = t(connected ? 'space.connected' : 'space.disconnected');
      element.querySelector('[data-queue-size]').textContent = String(queueSize);
    }
    onChange?.(connected, queueSize);
  };
  return follow(`spaces/${spaceId}/status`, {
    snapshot: view => draw(view.worker_connected, view.queue_size),
    // worker_connected, worker_disconnected and queue_changed all carry the space's state.
    event: (_type, data) => draw(data.worker_connected, data.queue_size),
  });
}
