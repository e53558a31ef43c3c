/** What Tab can reach inside a dialog or popup. */
export const focusableSelector =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab and Shift+Tab inside `node` (a modal or an open popup): call it
 * from a keydown listener. Focus that has left the node comes back to its
 * first item.
 */
export function trapTab(e: KeyboardEvent, node: HTMLElement): void {
  if (e.key !== 'Tab') return;
  const items = Array.from(node.querySelectorAll<HTMLElement>(focusableSelector));
  if (items.length === 0) {
    e.preventDefault();
    return;
  }
  const first = items[0]!;
  const last = items[items.length - 1]!;
  if (!node.contains(document.activeElement)) {
    e.preventDefault();
    first.focus();
  } else if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
