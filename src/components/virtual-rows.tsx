import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useCallback, useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';

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

export interface VirtualRowsProps<T> {
  items: readonly T[];
  /**
   * Every row's height in pixels: the virtualizer never measures, nothing is read from
   * the layout while scrolling, and the list's height never changes under the reader.
   */
  rowHeight: number;
  /**
   * A stable key for a row (the same item keeps its key when the list is filtered or
   * re-sorted). A module-level function: a new one each render re-positions every row.
   */
  rowKey: (item: T) => string;
  /**
   * Renders one row, its root element given `style`: a memoized component with cheap,
   * stable props, so a scroll renders only the rows entering the window and a change to
   * one item re-renders only its row.
   */
  renderRow: (item: T, style: RowStyle) => ReactNode;
  /** Lists up to this many rows are not virtualized (default `RENDER_ALL_UP_TO`). */
  renderAllUpTo?: number;
}

/**
 * The rows of a long list in the page's own scroll (the window), virtualized: only the
 * rows in and near the window are in the DOM, each placed by a `transform` inside one
 * absolutely positioned layer that has the whole list's height. A row keeps its place
 * while others enter and leave, so a scroll step lays out and paints only the rows that
 * enter. Shared by the timeline, its preview and the dependency review.
 */
export function VirtualRows<T>({ items, rowHeight, rowKey, renderRow, renderAllUpTo = RENDER_ALL_UP_TO }: VirtualRowsProps<T>) {
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // The list's offset in the page: what is above it (summary, findings, charts) changes
  // height as results stream in. Read whenever the page's size changes, first when it is
  // laid out: a ResizeObserver runs after layout, so reading it forces none, and never
  // during scrolling. (Read in the commit, it forced the layout of the whole new page
  // into the task that mounted it.) Until then the virtualizer takes the list to start
  // at the top of the page: with the page at its top, the rows it draws cover those on
  // screen, each at its place (a row's place does not depend on the offset).
  useLayoutEffect(() => {
    const element = listRef.current;
    if (!element) return;
    const measure = () => setScrollMargin(Math.round(element.getBoundingClientRect().top + window.scrollY));
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  // Stable functions: the virtualizer recomputes every row's position when one changes.
  const getItemKey = useCallback(
    (index: number) => {
      const item = items[index];
      return item === undefined ? index : rowKey(item);
    },
    [items, rowKey],
  );
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const virtualizer = useWindowVirtualizer({
    scrollMargin,
    count: items.length,
    estimateSize,
    // Let React batch the scroll updates instead of rendering synchronously in the handler.
    useFlushSync: false,
    overscan: items.length <= renderAllUpTo ? renderAllUpTo : OVERSCAN,
    getItemKey,
  });
  return (
    <div
      ref={listRef}
      data-row-count={items.length}
      // Its size is known without its content: rows entering or leaving never lay out the
      // page; and no row is a scroll anchor (rows come and go on every step, by design).
      style={{ height: items.length * rowHeight, position: 'relative', contain: 'strict', overflowAnchor: 'none' }}
    >
      {virtualizer.getVirtualItems().map((virtualItem) => {
        const item = items[virtualItem.index];
        return item === undefined ? null : (
          <Fragment key={virtualItem.key}>{renderRow(item, rowStyle(virtualItem.start - scrollMargin, rowHeight))}</Fragment>
        );
      })}
    </div>
  );
}
