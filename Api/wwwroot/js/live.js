// One connection per page to /hubs/status, shared by every channel the page follows.
// Each channel remembers the last seq it applied. After a reconnect (a dropped network, a restarted server)
// it subscribes again with that seq, so the server replays exactly the events the page missed: none twice,
// none lost. The #live-state badge shows connecting, live or reconnecting.
import { t } from './text.js';

const retryDelays = [0, 500, 1000, 2000, 3000];
const nextDelay = attempt => retryDelays[Math.min(attempt, retryDelays.length - 1)];

const connection = new signalR.HubConnectionBuilder()
  .withUrl('/hubs/status')
  .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => nextDelay(context.previousRetryCount) })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

/** channel → { lastSeq, handlers, ready, pending } */
const channels = new Map();
let started = null;

connection.on('Event', message => {
  const channel = channels.get(message.channel);
  if (!channel) return;
  if (!channel.ready) {
    channel.pending.push(message);
    return;
  }
  apply(channel, message);
});

connection.onreconnecting(() => showState('reconnecting'));
connection.onreconnected(async () => {
  showState('connected');
  for (const [name, channel] of channels) {
    await join(name, channel, true);
  }
});
// Automatic reconnection retries forever, so a close means the page is leaving or the server refused us.
connection.onclose(() => showState('offline'));

/**
 * Follows a channel. handlers.snapshot(view, seq) runs with the state at subscription, and again after a
 * re-subscription whose events the server no longer holds (reset);
 * handlers.event(type, data, seq) runs for every later event, in seq order, exactly once.
 * handlers.error(err) runs if the channel cannot be followed (it does not exist, or is not yours).
 */
export async function follow(name, handlers) {
  if (channels.has(name)) return;
  const channel = { lastSeq: -1, handlers, ready: false, pending: [] };
  channels.set(name, channel);
  await ensureStarted();
  if (connection.state === signalR.HubConnectionState.Connected) {
    await join(name, channel, false);
  }
}

/** Stops following a channel (its requests finished, or the element left the page). */
export async function unfollow(name) {
  if (!channels.delete(name)) return;
  if (connection.state === signalR.HubConnectionState.Connected) {
    await connection.invoke('Unsubscribe', name).catch(() => {});
  }
}

async function join(name, channel, resuming) {
  channel.ready = false;
  try {
    const subscription = await connection.invoke('Subscribe', name, channel.lastSeq);
    if (!channels.has(name)) return;
    // A reset means the owner no longer holds the events after our seq (it restarted): its snapshot replaces our state.
    if (channel.lastSeq < 0 || subscription.reset) {
      channel.lastSeq = subscription.seq;
      channel.handlers.snapshot?.(subscription.snapshot, subscription.seq);
    }
    channel.ready = true;
    const pending = channel.pending.splice(0);
    for (const message of pending) apply(channel, message);
    if (resuming) console.debug(`Re-subscribed to ${name} after seq ${channel.lastSeq}`);
  } catch (error) {
    channel.ready = true;
    channel.handlers.error?.(error);
  }
}

function apply(channel, message) {
  if (message.seq <= channel.lastSeq) return;
  channel.lastSeq = message.seq;
  channel.handlers.event?.(message.type, message.data, message.seq);
}

function ensureStarted() {
  started ??= startWithRetry(0);
  return started;
}

async function startWithRetry(attempt) {
  showState(attempt === 0 ? 'connecting' : 'reconnecting');
  try {
    await connection.start();
    showState('connected');
  } catch {
    await new Promise(resolve => setTimeout(resolve, nextDelay(attempt + 1)));
    return startWithRetry(attempt + 1);
  }
}

function showState(state) {
  const badge = document.getElementById('live-state');
  if (!badge) return;
  badge.hidden = false;
  badge.dataset.state = state;
  badge.textContent = t(`live.${state}`);
}

ensureStarted();
