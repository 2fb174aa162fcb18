/**
 * Centres `el` inside `scroller` by moving only that scroller. Element.scrollIntoView would also scroll every
 * ancestor, overflow:hidden ones included, and shift the whole window.
 */
export function centerIn(scroller: HTMLElement, el: Element): void {
  const outer = scroller.getBoundingClientRect();
  const inner = el.getBoundingClientRect();
  scroller.scrollTop += inner.top - outer.top - Math.max(0, (outer.height - inner.height) / 2);
}

/** Scrolls `scroller` just enough to show `el`, like scrollIntoView({ block: 'nearest' }) on one container. */
export function revealIn(scroller: HTMLElement, el: Element): void {
  const outer = scroller.getBoundingClientRect();
  const inner = el.getBoundingClientRect();
  if (inner.top < outer.top) scroller.scrollTop -= outer.top - inner.top;
  else if (inner.bottom > outer.bottom) scroller.scrollTop += inner.bottom - outer.bottom;
}
