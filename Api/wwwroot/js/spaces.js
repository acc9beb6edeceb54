// The spaces list: every card's badge and queue size, live.
import { followSpaceStatus } from './space-status.js';

for (const card of document.querySelectorAll('[data-space-id]')) {
  followSpaceStatus(card.dataset.spaceId);
}
