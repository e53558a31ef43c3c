// The broadcast picture (spec 11): a canvas of at most 1280x720 showing the
// camera, or the shared screen with the camera as a picture-in-picture at the
// top right (1/4 size, 20 px padding). A hidden camera is a grey frame with a
// camera-off icon. canvas.captureStream(30) of this canvas is what goes live.

export const CANVAS_WIDTH = 1280;
export const CANVAS_HEIGHT = 720;
export const FPS = 30;
export const PIP_PADDING = 20;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The largest rect of the source's aspect ratio that fits in `box`, centred (letterboxed). */
export function containRect(srcW: number, srcH: number, box: Rect): Rect {
  if (srcW <= 0 || srcH <= 0) return box;
  const scale = Math.min(box.w / srcW, box.h / srcH);
  const w = srcW * scale;
  const h = srcH * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/** The part of the source that fills `box` without distortion (cropped, centred), in source pixels. */
export function coverCrop(srcW: number, srcH: number, box: Rect): Rect {
  if (srcW <= 0 || srcH <= 0) return { x: 0, y: 0, w: srcW, h: srcH };
  const scale = Math.max(box.w / srcW, box.h / srcH);
  const w = box.w / scale;
  const h = box.h / scale;
  return { x: (srcW - w) / 2, y: (srcH - h) / 2, w, h };
}

/** The camera's picture-in-picture over a screen share: top right, a quarter of each side, padded. */
export function pipRect(canvasW: number, canvasH: number, padding = PIP_PADDING): Rect {
  const w = canvasW / 4;
  const h = canvasH / 4;
  return { x: canvasW - w - padding, y: padding, w, h };
}

export interface Scene {
  camera: HTMLVideoElement | null;
  screen: HTMLVideoElement | null;
  cameraHidden: boolean;
  /** "Show camera on screen share". */
  cameraOnScreen: boolean;
}

// The camera-off icon (components/icons VideoOffIcon), drawn on the canvas.
const cameraOffPaths = [
  'M16 16v1a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2h2m5.66 0H14a2 2 0 0 1 2 2v3.34l1 1L23 7v10',
  'M1 1 23 23',
];

function hasFrame(v: HTMLVideoElement | null): v is HTMLVideoElement {
  return !!v && v.readyState >= 2 && v.videoWidth > 0 && v.videoHeight > 0;
}

function drawCameraOff(ctx: CanvasRenderingContext2D, box: Rect) {
  ctx.fillStyle = '#3a3d45';
  ctx.fillRect(box.x, box.y, box.w, box.h);
  const size = Math.min(box.w, box.h) * 0.18;
  ctx.save();
  ctx.translate(box.x + box.w / 2 - size / 2, box.y + box.h / 2 - size / 2);
  ctx.scale(size / 24, size / 24);
  ctx.strokeStyle = '#c9ccd4';
  ctx.lineWidth = 2;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  if (typeof Path2D !== 'undefined') for (const d of cameraOffPaths) ctx.stroke(new Path2D(d));
  ctx.restore();
}

/** Draws one frame of the scene. */
export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, w = CANVAS_WIDTH, h = CANVAS_HEIGHT) {
  const full = { x: 0, y: 0, w, h };
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, w, h);
  if (scene.screen) {
    if (hasFrame(scene.screen)) {
      const r = containRect(scene.screen.videoWidth, scene.screen.videoHeight, full);
      ctx.drawImage(scene.screen, r.x, r.y, r.w, r.h);
    }
    if (scene.cameraOnScreen && !scene.cameraHidden && hasFrame(scene.camera)) {
      const pip = pipRect(w, h);
      const src = coverCrop(scene.camera.videoWidth, scene.camera.videoHeight, pip);
      ctx.drawImage(scene.camera, src.x, src.y, src.w, src.h, pip.x, pip.y, pip.w, pip.h);
    }
    return;
  }
  if (scene.cameraHidden) {
    drawCameraOff(ctx, full);
    return;
  }
  if (hasFrame(scene.camera)) {
    const r = containRect(scene.camera.videoWidth, scene.camera.videoHeight, full);
    ctx.drawImage(scene.camera, r.x, r.y, r.w, r.h);
  }
}

/**
 * Calls `tick` about `fps` times a second. A worker keeps time so the
 * picture keeps flowing while the tab is in the background (timers and
 * animation frames of hidden pages are throttled).
 */
export function startTicker(fps: number, tick: () => void): () => void {
  const ms = Math.round(1000 / fps);
  try {
    const code = `let t;onmessage=(e)=>{clearInterval(t);if(e.data>0)t=setInterval(()=>postMessage(0),e.data)};`;
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    const worker = new Worker(url);
    worker.onmessage = () => tick();
    worker.postMessage(ms);
    return () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    };
  } catch {
    const id = window.setInterval(tick, ms);
    return () => window.clearInterval(id);
  }
}

/** A muted, inline <video> playing one track, as a canvas source. */
export function trackVideo(track: MediaStreamTrack): HTMLVideoElement {
  const v = document.createElement('video');
  v.muted = true;
  v.playsInline = true;
  v.srcObject = new MediaStream([track]);
  void v.play().catch(() => {});
  return v;
}
