// The long lists (the timeline, its preview, the dependency review) in the window's scroll.
// Written by hand instead of @tanstack/react-virtual, on purpose: every row here has a
// fixed height, so which rows to draw is one division, and the library's generality cost
// more than it gave. It called `window.scrollTo` whenever a list mounted (a forced layout
// of the whole page, 96–280 ms on the package screen's first render, with no option to
// turn it off) and re-measured its items on renders that changed nothing. What is kept of
// it: the range with overscan, rows placed by `transform`, and reading the scroll position
// only in scroll/resize events and a ResizeObserver (after layout), never in a render.
import { flushSync } from 'react-dom';
import {
  Fragment,
  startTransition,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type ReactNode,
} from 'react';

/** Lists up to this many rows render every row (cheap, and findable with the browser's search). */
export const RENDER_ALL_UP_TO = 200;
/**
 * Rows drawn above and below the window. Scrolling moves a few rows a frame (the
 * benchmark: 240 px a frame, three timeline rows) and a render can land one frame after
 * its scroll event, so a few rows either side are always ready; more would only add DOM.
 */
const OVERSCAN = 6;

/**
 * How a row is placed: absolutely, by a `transform` from the top of the list, at its
 * fixed height, with `contain: strict` (its layout and paint never reach outside it).
 * The same object for the same place, so a memoized row keeps its props while it stays.
 */
export type RowStyle = CSSProperties;

/** One style object per place and height, so a row's props stay equal while it stays. */
const ROW_STYLES = new Map<number, Map<number, RowStyle>>();

function rowStyle(top: number, height: number): RowStyle {
  let byTop = ROW_STYLES.get(height);
  if (!byTop) ROW_STYLES.set(height, (byTop = new Map()));
  let style = byTop.get(top);
  if (!style) {
    style = {
      position: 'absolute',
      top: 0,
      left: 0,
      width: '100%',
      height,
      transform: `translateY(${top}px)`,
      contain: 'strict',
    };
    byTop.set(top, style);
  }
  return style;
}

/**
 * The window's scroll position and height, as last seen in a scroll or resize event or
 * in a ResizeObserver callback: moments when the layout is up to date, so reading them
 * costs nothing. A render never reads the layout (in a commit, `window.scrollY` forces
 * the layout of the whole new page; the virtualizer this replaces also called
 * `window.scrollTo` when a list mounted, a forced layout of 100–230 ms on the package
 * screen).
 */
interface Viewport {
  scrollY: number;
  height: number;
}

let viewport: Viewport | undefined;
const viewportListeners = new Set<() => void>();

function readViewport(): Viewport {
  return { scrollY: window.scrollY, height: window.innerHeight };
}

function updateViewport(next: Viewport): void {
  if (viewport && viewport.scrollY === next.scrollY && viewport.height === next.height) return;
  viewport = next;
  for (const listener of viewportListeners) listener();
}

const onWindowChange = () => updateViewport(readViewport());

function subscribeViewport(listener: () => void): () => void {
  if (viewportListeners.size === 0) {
    window.addEventListener('scroll', onWindowChange, { passive: true });
    window.addEventListener('resize', onWindowChange, { passive: true });
  }
  viewportListeners.add(listener);
  return () => {
    viewportListeners.delete(listener);
    if (viewportListeners.size === 0) {
      window.removeEventListener('scroll', onWindowChange);
      window.removeEventListener('resize', onWindowChange);
      // Unwatched, it may go stale: the next list starts from a fresh read.
      viewport = undefined;
    }
  };
}

/**
 * Until a list has seen the page laid out: the top of the page and the screen's height
 * (never less than the window's), read without any layout. The rows this draws cover
 * those on screen; the first ResizeObserver callback corrects it.
 */
function initialViewport(): Viewport {
  return { scrollY: 0, height: window.screen.availHeight || 1080 };
}

function getViewport(): Viewport {
  return (viewport ??= initialViewport());
}

function listStyle(height: number): CSSProperties {
  return { height, position: 'relative', contain: 'strict', overflowAnchor: 'none', contentVisibility: 'auto' };
}

export interface VirtualRowsProps<T> {
  items: readonly T[];
  /**
   * Every row's height in pixels: the list never measures a row, nothing is read from
   * the layout while scrolling, and the list's height never changes under the reader.
   */
  rowHeight: number;
  /** A stable key for a row (the same item keeps its key when the list is filtered or re-sorted). */
  rowKey: (item: T) => string;
  /**
   * Renders one row, its root element given `style`: a memoized component with cheap,
   * stable props, so a scroll renders only the rows entering the window and a change to
   * one item re-renders only its row.
   */
  renderRow: (item: T, style: RowStyle) => ReactNode;
  /** Lists up to this many rows are not virtualized (default `RENDER_ALL_UP_TO`). */
  renderAllUpTo?: number;
  /**
   * Draw no row until the list's place in the page is known (its first layout): for a
   * list mounted below other content (the package screen's timeline), whose first rows
   * would otherwise be drawn for a window at the top of the list, then mostly removed.
   * Its rows then come in a commit of their own, only those near the window, before the
   * frame that first lays it out is painted.
   */
  rowsAfterLayout?: boolean;
  /**
   * Until the list's place is known, draw only the rows of the window (no overscan): the
   * first rows on screen sooner, and the frame that shows them lays out fewer rows. The
   * rows either side come once it is known.
   */
  overscanAfterLayout?: boolean;
}

/** The first and past-the-last row to draw, as one string (a stable snapshot). */
function rowRange(count: number, rowHeight: number, listTop: number, renderAll: boolean, overscan = OVERSCAN): string {
  if (renderAll) return `0:${count}`;
  const { scrollY, height } = getViewport();
  if (count === 0) return '0:0';
  const top = scrollY - listTop;
  // The rows in the window, or the nearest one when the list is above or below it (the
  // first rows are in the DOM before the reader scrolls to them, as with any list).
  const first = Math.max(0, Math.min(count - 1, Math.floor(top / rowHeight)));
  const last = Math.max(first, Math.min(count - 1, Math.ceil((top + height) / rowHeight) - 1));
  return `${Math.max(0, first - overscan)}:${Math.min(count, last + 1 + overscan)}`;
}

/**
 * The rows of a long list in the page's own scroll (the window), virtualized: only the
 * rows in and near the window are in the DOM, each placed by a `transform` inside one
 * layer that has the whole list's height. A row keeps its place while others enter and
 * leave, so a scroll step lays out and paints only the rows that enter; a scroll that
 * does not change which rows are drawn renders nothing. Shared by the timeline, its
 * preview and the dependency review.
 */
export function VirtualRows<T>({
  items,
  rowHeight,
  rowKey,
  renderRow,
  renderAllUpTo = RENDER_ALL_UP_TO,
  rowsAfterLayout = false,
  overscanAfterLayout = false,
}: VirtualRowsProps<T>) {
  const listRef = useRef<HTMLDivElement>(null);
  // The list's offset in the page: what is above it (summary, findings, charts) changes
  // height as results stream in. Read whenever the page's size changes, first when it is
  // laid out: a ResizeObserver runs after layout, so reading it forces none, and never
  // during scrolling. Until then the list is taken to start at the top of the page: the
  // rows drawn then cover those on screen, each at its place (a row's place does not
  // depend on the offset).
  const [listTop, setListTop] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const element = listRef.current;
    if (!element) return;
    let firstRowsDrawn = false;
    const observer = new ResizeObserver(() => {
      const top = Math.round(element.getBoundingClientRect().top + window.scrollY);
      if (rowsAfterLayout && !firstRowsDrawn) {
        // Its first rows (the window's only) in this frame, before it is painted: a
        // ResizeObserver runs after layout, before paint. As a transition they came a frame
        // or more later (the DOM sampled after each frame: no row for 7–62 ms), and the
        // package screen showed its timeline without a row in between.
        firstRowsDrawn = true;
        updateViewport(readViewport());
        flushSync(() => setListTop(top));
        return;
      }
      // The rows a list draws once its place is known: a transition (a render that
      // yields), not a render in this frame.
      if (rowsAfterLayout || overscanAfterLayout) startTransition(() => setListTop(top));
      else setListTop(top);
      updateViewport(readViewport());
    });
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [rowsAfterLayout, overscanAfterLayout]);
  const count = items.length;
  const renderAll = count <= renderAllUpTo;
  const placed = listTop !== undefined || !rowsAfterLayout;
  const snapshot = useCallback(
    () =>
      placed
        ? rowRange(
            count,
            rowHeight,
            listTop ?? 0,
            renderAll,
            listTop === undefined && overscanAfterLayout ? 0 : OVERSCAN,
          )
        : '0:0',
    [placed, count, rowHeight, listTop, renderAll, overscanAfterLayout],
  );
  const range = useSyncExternalStore(subscribeViewport, snapshot);
  const [start = 0, end = 0] = range.split(':').map(Number);
  const rows: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    const item = items[index];
    if (item === undefined) continue;
    rows.push(<Fragment key={rowKey(item)}>{renderRow(item, rowStyle(index * rowHeight, rowHeight))}</Fragment>);
  }
  return (
    <div
      ref={listRef}
      data-row-count={count}
      // Its size is known without its content: rows entering or leaving never lay out the
      // page; and no row is a scroll anchor (rows come and go on every step, by design).
      // While the list is far below (or above) the window, its rows are neither laid out
      // nor painted (`content-visibility: auto`): the package screen mounts its timeline
      // under the summary, charts and findings, and rows updating there cost nothing.
      // The list is as tall as all its rows, so scrolling through it never toggles this.
      style={listStyle(count * rowHeight)}
    >
      {rows}
    </div>
  );
}
