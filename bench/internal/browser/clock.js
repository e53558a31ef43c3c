// The wall clock as squares, for the Chromium latency probes (bench/latency,
// bench/stagelatency): a page draws Date.now() into a canvas as 44 black and
// white squares (bit i of the time in square i, row by row), publishes the
// canvas, and reads the squares back out of every frame it plays. Served
// to the pages as /clock.js; defines clockSquares.

/** Squares of `size` pixels in rows of 11 from (x0, y0) on a width x height canvas. */
function clockSquares({ width, height, size, x0, y0 }) {
  const BITS = 44, COLS = 11;
  const at = (i) => [x0 + (i % COLS) * size, y0 + Math.floor(i / COLS) * size];
  return {
    /** Draws the time t (default now) into ctx. */
    draw(ctx, t = Date.now()) {
      ctx.fillStyle = '#808080';
      ctx.fillRect(0, 0, width, height);
      for (let i = 0; i < BITS; i++) {
        ctx.fillStyle = Math.floor(t / 2 ** i) % 2 ? '#fff' : '#000';
        const [x, y] = at(i);
        ctx.fillRect(x, y, size, size);
      }
    },
    /** Reads the time drawn in the frame video shows, through the 2D context probe. */
    read(probe, video) {
      probe.drawImage(video, 0, 0, width, height);
      const px = probe.getImageData(0, 0, width, height).data;
      let t = 0;
      for (let i = 0; i < BITS; i++) {
        const [x, y] = at(i);
        const o = ((y + size / 2) * width + x + size / 2) * 4;
        if ((px[o] + px[o + 1] + px[o + 2]) / 3 > 128) t += 2 ** i;
      }
      return t;
    },
  };
}
