// The message vocabulary the console writes: the one every view shares (core/views/vocabulary.ts —
// labels and flags as the ladder writes them, the figures' trigger words), plus the console's own
// lists: the message names its filters and completion accept, and which records are step events
// (the page's timeline rule, app/timeline/events.ts, with the ladder's bands).

export { messageLabel, triggerWord, BANDED, isStepEvent } from '../views/vocabulary.ts';

/** The messages the draft names (and the lab's data packets), in the ladder's order: the scenario
 * schema's one list, which lesson files and attacks are checked against too. */
export { MSG_NAMES as MESSAGES } from '../scenario/schema.ts';
