/**
 * A scrolling row or table that says when it has more than fits: a shaded edge and a "more"
 * button on each side with hidden content (clicking scrolls by most of a page). The wrapper's
 * `data-overflow` (`none`, `left`, `right`, `both`) tells tests and styles which sides.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

type Side = 'none' | 'left' | 'right' | 'both';

export function OverflowScroll({
  className,
  children,
  label,
}: {
  className: string;
  children: ReactNode;
  /** What is hidden, for the buttons' names (`models`). */
  label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [side, setSide] = useState<Side>('none');
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const left = el.scrollLeft > 1;
    const right = el.scrollLeft + el.clientWidth < el.scrollWidth - 1;
    setSide(left && right ? 'both' : left ? 'left' : right ? 'right' : 'none');
  }, []);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    measure();
    const resized = new ResizeObserver(measure);
    resized.observe(el);
    for (const child of el.children) resized.observe(child);
    const changed = new MutationObserver(measure);
    changed.observe(el, { childList: true, subtree: true });
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  }, [measure]);
  const scroll = (dir: 1 | -1) => {
    const el = ref.current;
    if (el) el.scrollBy({ left: dir * el.clientWidth * 0.8, behavior: 'smooth' });
  };
  const left = side === 'left' || side === 'both';
  const right = side === 'right' || side === 'both';
  return (
    <div className={`overflow-scroll ${className}-wrap`} data-overflow={side}>
      <div ref={ref} className={className} onScroll={measure}>
        {children}
      </div>
      {left && (
        <button className="overflow-more left" onClick={() => scroll(-1)} aria-label={`earlier ${label}`}>
          ‹ more
        </button>
      )}
      {right && (
        <button className="overflow-more right" onClick={() => scroll(1)} aria-label={`more ${label}`}>
          more ›
        </button>
      )}
    </div>
  );
}
