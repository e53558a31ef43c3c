// Runs the canvas composition (compositor.ts) and exposes its captured track.
import { useEffect, useRef, useState } from 'react';
import { CANVAS_HEIGHT, CANVAS_WIDTH, FPS, drawScene, startTicker, trackVideo, type Scene } from './compositor';

export interface CompositorInput {
  camera: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  cameraHidden: boolean;
  cameraOnScreen: boolean;
}

/** Draws the scene on `canvas` 30 times a second; returns canvas.captureStream(30)'s video track. */
export function useCompositor(canvas: HTMLCanvasElement | null, input: CompositorInput): MediaStreamTrack | null {
  const scene = useRef<Scene>({ camera: null, screen: null, cameraHidden: false, cameraOnScreen: true });
  scene.current.cameraHidden = input.cameraHidden;
  scene.current.cameraOnScreen = input.cameraOnScreen;
  const [track, setTrack] = useState<MediaStreamTrack | null>(null);

  useEffect(() => {
    if (!input.camera) return;
    const v = trackVideo(input.camera);
    scene.current.camera = v;
    return () => {
      v.srcObject = null;
      if (scene.current.camera === v) scene.current.camera = null;
    };
  }, [input.camera]);

  useEffect(() => {
    if (!input.screen) return;
    const v = trackVideo(input.screen);
    scene.current.screen = v;
    return () => {
      v.srcObject = null;
      if (scene.current.screen === v) scene.current.screen = null;
    };
  }, [input.screen]);

  useEffect(() => {
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = CANVAS_WIDTH;
    canvas.height = CANVAS_HEIGHT;
    const draw = () => drawScene(ctx, scene.current);
    draw();
    const stop = startTicker(FPS, draw);
    const captured = typeof canvas.captureStream === 'function' ? canvas.captureStream(FPS).getVideoTracks()[0] : undefined;
    setTrack(captured ?? null);
    return () => {
      stop();
      captured?.stop();
      setTrack(null);
    };
  }, [canvas]);

  return track;
}
