// The playback clock overlays are timed by: the wall-clock time (epoch ms,
// the server's clock) of the frame on screen. The server stamps an action's
// startTime with the same clock it writes into the LL-HLS playlist as
// PROGRAM-DATE-TIME, so "the viewer has reached the moment the streamer sent
// it" is simply mediaTime >= startTime.

export interface PlaybackClock {
  /** Epoch ms of the frame being shown, or null when unknown (read as Date.now()). */
  mediaTime(): number | null;
}

/** Where a clock reading comes from: whatever player is attached now. */
export type MediaTimeReader = () => number | null;

/**
 * A clock a player plugs its reading into (attach), read by the overlays.
 * Stable for the page's lifetime, so the player can be remade under it.
 */
export interface ClockSlot extends PlaybackClock {
  /** Plugs a reader in (null: unplugs). */
  attach(read: MediaTimeReader | null): void;
}

export function createClockSlot(): ClockSlot {
  let reader: MediaTimeReader | null = null;
  return {
    attach(read) {
      reader = read;
    },
    mediaTime() {
      const t = reader ? reader() : null;
      return t !== null && Number.isFinite(t) ? t : null;
    },
  };
}

/** A clock with no player: always "unknown", i.e. the viewer's wall clock. */
export const wallClock: PlaybackClock = { mediaTime: () => null };

/** The clock's reading, or the viewer's wall clock when it has none. */
export function readClock(clock: PlaybackClock): number {
  return clock.mediaTime() ?? Date.now();
}
