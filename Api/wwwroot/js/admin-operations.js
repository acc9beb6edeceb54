// The operations table. Each space's badge and queue size follow its status channel (space-status.js); when the
// status changes, the times that change with it are taken from the server's rendering of the row again.
// Queue ages tick every second on the server's clock, so a wrong clock in the browser does not skew them. That clock is
// estimated from the page's rendering time, which is late by however long the page took to arrive; a time the server
// stamped later than the estimate says moves the estimate up to it (it cannot be in the server's future).
import { fragment } from './api.js';
import { followSpaceStatus } from './space-status.js';
import { t } from './text.js';

const table = document.getElementById('operations');

if (table) {
  let skew = Number(table.dataset.serverNow) - Date.now();
  const now = () => Date.now() + skew;
  const tick = () => {
    for (const time of table.querySelectorAll('time[data-since]')) {
      const since = Number(time.dataset.since);
      skew = Math.max(skew, since - Date.now());
      time.textContent = age(now() - since);
    }
  };

  for (const row of table.querySelectorAll('tbody tr[data-space-id]')) {
    const refresh = refresher(row, tick);
    followSpaceStatus(row.dataset.spaceId, (_connected, _queueSize, change) => {
      // The snapshot is what the row showed unless something changed between the page's rendering and the subscription.
      if (change.type !== 'snapshot' || stampOf(change.data) !== row.dataset.stamp) refresh();
    });
  }
  setInterval(tick, 1000);
}

/** Refreshes a row's times; calls during a refresh are folded into one more refresh after it. */
function refresher(row, afterwards) {
  let running = false;
  let again = false;
  return async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const fresh = await fragment(`/admin/operations?handler=Row&spaceId=${encodeURIComponent(row.dataset.spaceId)}`);
        for (const cell of fresh.querySelectorAll('[data-refresh]')) {
          row.querySelector(`[data-refresh="${cell.dataset.refresh}"]`)?.replaceWith(cell);
        }
        row.dataset.stamp = fresh.dataset.stamp;
        afterwards();
      } while (again);
    } catch {
      // The space was deleted, or the server is away: the times stay as they were until the next change.
    } finally {
      running = false;
    }
  };
}

/** The same stamp as OperationsRow.Stamp, from a status snapshot. */
function stampOf(view) {
  const ms = iso => (iso ? String(Date.parse(iso)) : '');
  return [view.worker?.connected_at, view.worker?.last_seen_at, view.oldest_queued_at].map(ms).join(':');
}

/** The same words as Ages.Format on the server. */
function age(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (seconds < 60) return t('admin.age.seconds', seconds);
  if (minutes < 60) return t('admin.age.minutes', minutes);
  if (hours < 24) return t('admin.age.hours', hours, minutes % 60);
  return t('admin.age.days', Math.floor(hours / 24), hours % 24);
}
