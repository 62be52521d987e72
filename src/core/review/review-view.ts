// What the review worker sends the screen: the run's state without its entries (the
// rows carry what the screen needs of them), and the rows as deltas. buildReview keeps
// a loaded row's object while nothing about it changes, so only rows that changed since
// the last message cross the worker boundary; the screen keeps the rest.
import type { ReviewRow, Review } from './review';
import type { ReviewRunSnapshot } from './run-review';

/** A snapshot as the screen sees it. */
export type ReviewRunView = Omit<ReviewRunSnapshot, 'entries'>;

/** One message of rows: the changed ones, and the row order when it changed. */
export interface ReviewRowDelta {
  /** Every row's key in order; absent when the order is the one sent last. */
  order?: string[];
  changed: ReviewRow[];
}

export type ReviewViewMessage = Omit<ReviewRunView, 'review'> & { summary: Review['summary']; rows: ReviewRowDelta };

/** Changed rows sent ahead of the view they belong to (`inPieces`): no view of their own. */
export interface ReviewRowsPiece {
  piece: ReviewRow[];
}

/** What crosses to the screen: a view, or rows ahead of one. */
export type ReviewMessage = ReviewViewMessage | ReviewRowsPiece;

/**
 * Rows per message: a view of a thousand new rows is read (structured clone) in one task
 * on the main thread when its message arrives; in pieces of this many, in several.
 */
export const ROWS_PER_MESSAGE = 200;

/**
 * `message` as messages of at most `rowsPerMessage` changed rows each: pieces of rows,
 * then the view with the last of them (and the order, the summary, the progress). The
 * receiver shows nothing until the view arrives.
 */
export function inPieces(message: ReviewViewMessage, rowsPerMessage: number = ROWS_PER_MESSAGE): ReviewMessage[] {
  const { changed } = message.rows;
  if (changed.length <= rowsPerMessage) return [message];
  const messages: ReviewMessage[] = [];
  const lastStart = Math.floor((changed.length - 1) / rowsPerMessage) * rowsPerMessage;
  for (let start = 0; start < lastStart; start += rowsPerMessage) {
    messages.push({ piece: changed.slice(start, start + rowsPerMessage) });
  }
  messages.push({ ...message, rows: { ...message.rows, changed: changed.slice(lastStart) } });
  return messages;
}

/** The worker's side: turns each snapshot into a message with only what changed. */
export function createViewSender(): (snapshot: ReviewRunSnapshot) => ReviewViewMessage {
  const sent = new Map<string, ReviewRow>();
  let lastOrder = '';
  return (snapshot) => {
    const { review, ...rest } = withoutEntries(snapshot);
    const changed: ReviewRow[] = [];
    for (const row of review.rows) {
      const before = sent.get(row.key);
      // A pending row is rebuilt each time but says the same until its package arrives.
      if (before === row || (before?.status === 'pending' && row.status === 'pending')) continue;
      sent.set(row.key, row);
      changed.push(row);
    }
    const keys = review.rows.map((row) => row.key);
    const order = keys.join('\n');
    const rows: ReviewRowDelta = { changed };
    if (order !== lastOrder) {
      rows.order = keys;
      lastOrder = order;
    }
    return { ...rest, summary: review.summary, rows };
  };
}

function withoutEntries(snapshot: ReviewRunSnapshot): ReviewRunView {
  const view: Partial<ReviewRunSnapshot> = { ...snapshot };
  delete view.entries;
  return view as ReviewRunView;
}

/** Rebuilds views from messages: a view for each view message, nothing for a piece. */
export interface ViewReceiver {
  (message: ReviewViewMessage): ReviewRunView;
  (message: ReviewMessage): ReviewRunView | undefined;
}

/** The screen's side: rebuilds each view from the messages, in the order they were sent. */
export function createViewReceiver(): ViewReceiver {
  const byKey = new Map<string, ReviewRow>();
  let order: string[] = [];
  let rows: ReviewRow[] = [];
  /** Rows of pieces since the last view. */
  let ahead = 0;
  const receive = (message: ReviewMessage): ReviewRunView | undefined => {
    if ('piece' in message) {
      for (const row of message.piece) byKey.set(row.key, row);
      ahead += message.piece.length;
      return undefined;
    }
    const { rows: delta, summary, ...rest } = message;
    for (const row of delta.changed) byKey.set(row.key, row);
    if (delta.order) order = delta.order;
    const changed = ahead + delta.changed.length;
    ahead = 0;
    // The same array while no row changed: the table's sorting and filtering are kept.
    if (changed > 0 || delta.order) {
      rows = [];
      for (const key of order) {
        const row = byKey.get(key);
        if (row) rows.push(row);
      }
    }
    return { ...rest, review: { rows, summary } };
  };
  return receive as ViewReceiver;
}
