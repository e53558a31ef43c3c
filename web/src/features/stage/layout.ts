// The adaptive video grid (spec 8.7): how many columns and rows the tiles
// take, and how many tiles fit before the rest fold into a "+N" card.
import { MAX_PARTICIPANTS } from './messages';

export interface GridLayout {
  columns: number;
  rows: number;
  /** Tiles shown as video. */
  visible: number;
  /** Tiles folded into the "+N" card (it takes the last slot). */
  overflow: number;
}

/**
 * Lays out `count` tiles in a box of the given aspect ratio (width / height;
 * 16:9 tiles), choosing the column count that makes tiles biggest. At most
 * `maxSlots` slots: beyond, the last slot becomes the overflow card.
 */
export function gridLayout(count: number, aspect = 16 / 9, maxSlots = MAX_PARTICIPANTS): GridLayout {
  const n = Math.max(0, Math.floor(count));
  if (n === 0) return { columns: 1, rows: 1, visible: 0, overflow: 0 };
  const slots = Math.min(n, Math.max(1, maxSlots));
  const overflow = n > slots ? n - slots + 1 : 0;
  const visible = n - overflow;
  let best = { columns: 1, rows: slots, size: 0 };
  for (let columns = 1; columns <= slots; columns++) {
    const rows = Math.ceil(slots / columns);
    // Tile width when the box is `aspect` wide and 1 high, tiles 16:9.
    const width = Math.min(aspect / columns, (1 / rows) * (16 / 9));
    // Ties go to more columns (wider boxes are the common case).
    if (width > best.size - 1e-9) best = { columns, rows, size: width };
  }
  return { columns: best.columns, rows: best.rows, visible, overflow };
}
