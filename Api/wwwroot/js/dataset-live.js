// A dataset's progress channel (datasets/{id}/progress), drawn live. A progress event redraws the bar, the percentage
// and the message in place; a job that starts, finishes or fails brings a fresh rendering from the server instead.
// Renderings and elements carry the channel seq they show (data-seq), so a slow fetch never puts an older state over a
// newer one and an event is never drawn twice.
import { follow, unfollow } from './live.js';
import { format, percent } from './text.js';

const busy = status => ['pending', 'downloading', 'tokenizing'].includes(status);
const seqOf = element => (element.dataset.seq === undefined ? -1 : Number(element.dataset.seq));

/** A job's message (an event's or a view's key and args) in the page's language; as it came when the page has no words for its key. */
export function message({ key, args, message: english }) {
  return (key ? format(`dataset.msg.${key}`, args) : undefined) ?? english ?? '';
}

/**
 * Follows one dataset. element() is what shows it (data-status, data-seq, and [data-progress], [data-progress-text],
 * [data-message] inside), or null once it left the page; load() fetches a fresh rendering; replace(fresh) puts it in;
 * gone() runs when the server no longer has the dataset (deleted elsewhere).
 * Returns { refresh } for the page to ask for a fresh rendering itself (after it started a job).
 */
export function followDataset(id, { element, load, replace, gone }) {
  let latest = null; // the newest progress event, shown again over a rendering older than it
  let generation = 0;

  async function refresh() {
    const mine = ++generation;
    let fresh;
    try {
      fresh = await load();
    } catch (error) {
      if (error.status === 404) {
        gone?.();
        return;
      }
      // The next event or a reload tries again; the page keeps showing what it had.
      console.warn(`Could not redraw dataset ${id}`, error);
      return;
    }
    if (mine !== generation || !element()) return;
    replace(fresh);
    if (latest && latest.seq > seqOf(fresh)) apply(latest.seq, latest.data);
  }

  function apply(seq, data) {
    const target = element();
    if (!target || seq <= seqOf(target)) return;
    if (target.dataset.status !== data.status) {
      refresh();
      return;
    }
    if (!busy(data.status)) return;
    for (const bar of target.querySelectorAll('[data-progress]')) bar.value = data.progress;
    for (const text of target.querySelectorAll('[data-progress-text]')) text.textContent = percent(data.progress);
    for (const note of target.querySelectorAll('[data-message]')) note.textContent = message(data);
    target.dataset.seq = String(seq);
  }

  follow(`datasets/${id}/progress`, {
    snapshot: (view, seq) => apply(seq, view),
    event: (type, data, seq) => {
      if (type === 'progress') {
        latest = { seq, data };
        apply(seq, data);
      } else {
        // completed or error: counts, files, statistics or the error come with the server's rendering.
        latest = null;
        refresh();
      }
    },
    error: error => console.warn(`Cannot follow dataset ${id}`, error),
  });

  return { refresh };
}

/** Stops following a dataset that left the page. */
export function stopFollowing(id) {
  return unfollow(`datasets/${id}/progress`);
}

/** Says something to screen readers through a role=status element. */
export function announce(region, text) {
  region.textContent = '';
  requestAnimationFrame(() => { region.textContent = text; });
}
