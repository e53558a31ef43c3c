import { describe, expect, it, vi } from 'vitest';
import { CANVAS_HEIGHT, CANVAS_WIDTH, containRect, coverCrop, drawScene, pipRect } from './compositor';

describe('broadcast picture geometry', () => {
  it('the camera picture-in-picture is a quarter of each side, top right, 20 px in', () => {
    expect(pipRect(1280, 720)).toEqual({ x: 1280 - 320 - 20, y: 20, w: 320, h: 180 });
  });

  it('contain letterboxes a 4:3 camera in the 16:9 canvas', () => {
    expect(containRect(640, 480, { x: 0, y: 0, w: 1280, h: 720 })).toEqual({ x: 160, y: 0, w: 960, h: 720 });
    expect(containRect(1920, 1080, { x: 0, y: 0, w: 1280, h: 720 })).toEqual({ x: 0, y: 0, w: 1280, h: 720 });
  });

  it('cover crops a 4:3 camera to fill the 16:9 picture-in-picture', () => {
    expect(coverCrop(640, 480, { x: 0, y: 0, w: 320, h: 180 })).toEqual({ x: 0, y: 60, w: 640, h: 360 });
  });
});

function fakeContext() {
  return {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    fillRect: vi.fn(),
    drawImage: vi.fn(),
    save: vi.fn(),
    restore: vi.fn(),
    translate: vi.fn(),
    scale: vi.fn(),
    stroke: vi.fn(),
  };
}

function video(w: number, h: number) {
  return { readyState: 4, videoWidth: w, videoHeight: h } as HTMLVideoElement;
}

describe('drawScene', () => {
  it('draws the camera alone, contained', () => {
    const ctx = fakeContext();
    const cam = video(1280, 720);
    drawScene(ctx as unknown as CanvasRenderingContext2D, { camera: cam, screen: null, cameraHidden: false, cameraOnScreen: true });
    expect(ctx.drawImage).toHaveBeenCalledWith(cam, 0, 0, CANVAS_WIDTH, CANVAS_HEIGHT);
  });

  it('a hidden camera is a grey frame, not the camera', () => {
    const ctx = fakeContext();
    drawScene(ctx as unknown as CanvasRenderingContext2D, { camera: video(1280, 720), screen: null, cameraHidden: true, cameraOnScreen: true });
    expect(ctx.drawImage).not.toHaveBeenCalled();
    expect(ctx.fillRect).toHaveBeenLastCalledWith(0, 0, CANVAS_WIDTH, CANVAS_HEIGHT);
    expect(ctx.fillStyle).toBe('#3a3d45');
  });

  it('screen share with the camera on top right, or without it when switched off', () => {
    const cam = video(1280, 720);
    const screen = video(1920, 1080);
    const ctx = fakeContext();
    drawScene(ctx as unknown as CanvasRenderingContext2D, { camera: cam, screen, cameraHidden: false, cameraOnScreen: true });
    expect(ctx.drawImage).toHaveBeenNthCalledWith(1, screen, 0, 0, 1280, 720);
    expect(ctx.drawImage).toHaveBeenNthCalledWith(2, cam, 0, 0, 1280, 720, 940, 20, 320, 180);

    const off = fakeContext();
    drawScene(off as unknown as CanvasRenderingContext2D, { camera: cam, screen, cameraHidden: false, cameraOnScreen: false });
    expect(off.drawImage).toHaveBeenCalledTimes(1);
  });
});
