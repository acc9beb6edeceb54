// The live connected badge and queue size of a space (spaces/{id}/status), on the list and on a space page.
import { follow } from './live.js';
import { t } from './text.js';

/**
 * Follows a space's status and redraws its badge; onChange(connected, queueSize, change) runs after each change,
 * where change is { type: 'snapshot', data: view } once, then { type, data } for each event.
 */
export function followSpaceStatus(spaceId, onChange) {
  const elements = () => document.querySelectorAll(`[data-space-status="${spaceId}"]`);
  const draw = (connected, queueSize, change) => {
    for (const element of elements()) {
      const badge = element.querySelector('.badge');
      badge.dataset.connected = String(connected);
      badge.classList.toggle('badge-ok', connected);
      badge.classList.toggle('badge-off', !connected);
      badge.textContent = t(connected ? 'space.connected' : 'space.disconnected');
      element.querySelector('[data-queue-size]').textContent = String(queueSize);
    }
    onChange?.(connected, queueSize, change);
  };
  return follow(`spaces/${spaceId}/status`, {
    snapshot: view => draw(view.worker_connected, view.queue_size, { type: 'snapshot', data: view }),
    // worker_connected, worker_disconnected and queue_changed all carry the space's state.
    event: (type, data) => draw(data.worker_connected, data.queue_size, { type, data }),
  });
}
