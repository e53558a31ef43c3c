// Onair's own preset avatar drawings (spec 2.7, 14): simple, flat animal faces
// on a 64x64 grid. Each sits on a circle of the profile colour, so every
// animal carries its own fills and a dark outline that reads on all seven
// colours.
import type { ComponentType, ReactNode } from 'react';
import { presetAvatars } from '../../lib/profile';

export type PresetAvatar = (typeof presetAvatars)[number];

export function isPresetAvatar(name: string | undefined | null): name is PresetAvatar {
  return name != null && (presetAvatars as readonly string[]).includes(name);
}

const INK = '#2b2430';
const WHITE = '#fffdf8';
const PINK = '#f59aac';

/** Outline shared by the filled shapes. */
const line = { stroke: INK, strokeWidth: 2, strokeLinejoin: 'round', strokeLinecap: 'round' } as const;
/** A stroke-only detail (mouths, stripes). */
const ink = { fill: 'none', stroke: INK, strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

function Face({ name, children }: { name: PresetAvatar; children: ReactNode }) {
  return (
    <svg
      className="avatar__drawing"
      viewBox="0 0 64 64"
      aria-hidden="true"
      focusable="false"
      data-preset={name}
    >
      {children}
    </svg>
  );
}

/** Two dark eyes with a glint, mirrored around x = 32. */
function Eyes({ y, dx, r = 2.5 }: { y: number; dx: number; r?: number }) {
  return (
    <g>
      <circle cx={32 - dx} cy={y} r={r} fill={INK} />
      <circle cx={32 + dx} cy={y} r={r} fill={INK} />
      <circle cx={32 - dx + r * 0.35} cy={y - r * 0.35} r={r * 0.32} fill={WHITE} />
      <circle cx={32 + dx + r * 0.35} cy={y - r * 0.35} r={r * 0.32} fill={WHITE} />
    </g>
  );
}

/** A star of spikes around (cx, cy) from angle `from` to `to` (degrees, y down). */
function spikePath(cx: number, cy: number, rOut: number, rIn: number, from: number, to: number, n: number) {
  const pts: string[] = [];
  for (let i = 0; i <= n * 2; i++) {
    const a = ((from + ((to - from) * i) / (n * 2)) * Math.PI) / 180;
    const r = i % 2 === 1 ? rOut : rIn;
    pts.push(`${(cx + r * Math.cos(a)).toFixed(1)} ${(cy + r * Math.sin(a)).toFixed(1)}`);
  }
  return `M${cx} ${cy}L${pts.join('L')}Z`;
}

const hedgehogSpikes = spikePath(32, 37, 28, 19, 150, 390, 11);

function Bear() {
  const fur = '#9a653a';
  const light = '#ecc99c';
  return (
    <Face name="bear">
      <circle cx="17" cy="20" r="8" fill={fur} {...line} />
      <circle cx="47" cy="20" r="8" fill={fur} {...line} />
      <circle cx="17" cy="20" r="4" fill={light} />
      <circle cx="47" cy="20" r="4" fill={light} />
      <ellipse cx="32" cy="36" rx="20" ry="18" fill={fur} {...line} />
      <ellipse cx="32" cy="43" rx="9.5" ry="7.5" fill={light} {...line} />
      <ellipse cx="32" cy="39.5" rx="3.8" ry="2.7" fill={INK} />
      <path d="M32 42v3M28 45.5q4 3 8 0" {...ink} />
      <Eyes y={32} dx={8} />
    </Face>
  );
}

function Bird() {
  // A round robin, seen from the front.
  const feather = '#8a6a55';
  return (
    <Face name="bird">
      <path d="M31 17q-1-7 5-8q-2 4 0 8" fill={feather} {...line} />
      <ellipse cx="13" cy="42" rx="5" ry="10" transform="rotate(20 13 42)" fill="#6b4f3f" {...line} />
      <ellipse cx="51" cy="42" rx="5" ry="10" transform="rotate(-20 51 42)" fill="#6b4f3f" {...line} />
      <circle cx="32" cy="36" r="20" fill={feather} {...line} />
      <ellipse cx="32" cy="46" rx="13" ry="10" fill="#f0673a" />
      <ellipse cx="32" cy="50" rx="7" ry="5" fill="#f6e3c8" />
      <path d="M27.5 33.5L32 30.5L36.5 33.5L32 39Z" fill="#f5b731" {...line} />
      <Eyes y={29} dx={8} />
    </Face>
  );
}

function Bird2() {
  // A penguin.
  return (
    <Face name="bird2">
      <circle cx="32" cy="35" r="21" fill="#23232b" {...line} />
      <circle cx="25.5" cy="34" r="8.5" fill={WHITE} />
      <circle cx="38.5" cy="34" r="8.5" fill={WHITE} />
      <ellipse cx="32" cy="44" rx="13" ry="10" fill={WHITE} />
      <circle cx="21.5" cy="41" r="2.5" fill={PINK} />
      <circle cx="42.5" cy="41" r="2.5" fill={PINK} />
      <path d="M27.5 38h9L32 44Z" fill="#f59a23" {...line} />
      <Eyes y={33} dx={6.5} />
    </Face>
  );
}

function Dog() {
  // A beagle: tan head, long brown ears, white blaze and muzzle.
  const ear = '#7b4524';
  return (
    <Face name="dog">
      <ellipse cx="15" cy="34" rx="7" ry="13" transform="rotate(15 15 34)" fill={ear} {...line} />
      <ellipse cx="49" cy="34" rx="7" ry="13" transform="rotate(-15 49 34)" fill={ear} {...line} />
      <ellipse cx="32" cy="34" rx="15.5" ry="17.5" fill="#d99a52" {...line} />
      <path d="M29 17.5q3-1.5 6 0l1.5 22h-9z" fill={WHITE} />
      <ellipse cx="32" cy="41.5" rx="9.5" ry="6.5" fill={WHITE} {...line} />
      <path d="M30 44h4v4a2 2 0 0 1-4 0z" fill="#ef6f82" {...line} />
      <ellipse cx="32" cy="38.5" rx="4" ry="3" fill={INK} />
      <path d="M32 41v2.5M28 43.5q2 2 4 0q2 2 4 0" {...ink} />
      <Eyes y={30} dx={7} />
    </Face>
  );
}

function Dog2() {
  // A dalmatian: white with black spots and folded black ears.
  return (
    <Face name="dog2">
      <path d="M22 19Q11 17 9.5 27Q9 37 15.5 40Q18 30 22 19Z" fill={INK} {...line} />
      <path d="M42 19Q53 17 54.5 27Q55 37 48.5 40Q46 30 42 19Z" fill={INK} {...line} />
      <ellipse cx="32" cy="35" rx="16" ry="17" fill={WHITE} {...line} />
      <circle cx="24" cy="23.5" r="2.6" fill={INK} />
      <circle cx="41" cy="22.5" r="1.8" fill={INK} />
      <circle cx="45" cy="38" r="2.4" fill={INK} />
      <circle cx="19.5" cy="40" r="1.8" fill={INK} />
      <circle cx="35" cy="20" r="1.6" fill={INK} />
      <ellipse cx="32" cy="42" rx="8" ry="6" fill={WHITE} {...line} />
      <ellipse cx="32" cy="39.5" rx="3.6" ry="2.6" fill={INK} />
      <path d="M32 41.5v2.5M28.5 44.5q3.5 2.5 7 0" {...ink} />
      <Eyes y={31} dx={6.5} />
    </Face>
  );
}

function Dog3() {
  // A husky: grey with pointed ears, a white mask and blue eyes.
  const fur = '#6c7686';
  return (
    <Face name="dog3">
      <path d="M14 30L16 8L30 19Z" fill={fur} {...line} />
      <path d="M50 30L48 8L34 19Z" fill={fur} {...line} />
      <path d="M18 23L18.5 13.5L25 19Z" fill={PINK} />
      <path d="M46 23L45.5 13.5L39 19Z" fill={PINK} />
      <ellipse cx="32" cy="36" rx="18.5" ry="17" fill={fur} {...line} />
      <circle cx="24.5" cy="33" r="5.5" fill={WHITE} />
      <circle cx="39.5" cy="33" r="5.5" fill={WHITE} />
      <ellipse cx="32" cy="44" rx="13" ry="8.5" fill={WHITE} />
      <path d="M30 46h4v4a2 2 0 0 1-4 0z" fill="#ef6f82" {...line} />
      <ellipse cx="32" cy="40.5" rx="3.8" ry="2.7" fill={INK} />
      <path d="M32 43v2.5M28 46q2 1.8 4 0q2 1.8 4 0" {...ink} />
      <circle cx="24.5" cy="33" r="2.7" fill="#4aa8e8" stroke={INK} strokeWidth="1" />
      <circle cx="39.5" cy="33" r="2.7" fill="#4aa8e8" stroke={INK} strokeWidth="1" />
      <circle cx="24.5" cy="33" r="1.2" fill={INK} />
      <circle cx="39.5" cy="33" r="1.2" fill={INK} />
    </Face>
  );
}

function Giraffe() {
  const coat = '#f0ad45';
  const patch = '#9c5a25';
  return (
    <Face name="giraffe">
      <path d="M24 46L22 66H42L40 46Z" fill={coat} {...line} />
      <path d="M26 21L23 9M38 21L41 9" fill="none" stroke={INK} strokeWidth="4" strokeLinecap="round" />
      <circle cx="23" cy="9" r="3.2" fill={patch} {...line} />
      <circle cx="41" cy="9" r="3.2" fill={patch} {...line} />
      <ellipse cx="14.5" cy="25" rx="7" ry="3.5" transform="rotate(-20 14.5 25)" fill={coat} {...line} />
      <ellipse cx="49.5" cy="25" rx="7" ry="3.5" transform="rotate(20 49.5 25)" fill={coat} {...line} />
      <ellipse cx="32" cy="31" rx="12.5" ry="15" fill={coat} {...line} />
      <path d="M29 18.5q3-2.5 6 0q1 3-3 4.5q-4-1.5-3-4.5z" fill={patch} />
      <circle cx="22.5" cy="35" r="2" fill={patch} />
      <circle cx="41.5" cy="35" r="2" fill={patch} />
      <path d="M27 55q3-3 6 0q0 3-3 4q-3-1-3-4zM35 51q2-2 4 0v3.5q-2 1-4-1z" fill={patch} />
      <ellipse cx="32" cy="42" rx="10" ry="7" fill="#f8ddb0" {...line} />
      <circle cx="28.5" cy="41.5" r="1.4" fill={INK} />
      <circle cx="35.5" cy="41.5" r="1.4" fill={INK} />
      <Eyes y={29} dx={6} />
    </Face>
  );
}

function Hedgehog() {
  const face = '#f3d9b1';
  return (
    <Face name="hedgehog">
      <path d={hedgehogSpikes} fill="#6b4a35" {...line} />
      <circle cx="21" cy="28" r="3.8" fill={face} {...line} />
      <circle cx="43" cy="28" r="3.8" fill={face} {...line} />
      <path d="M18.5 38q0-11 13.5-11t13.5 11q0 9-13.5 15q-13.5-6-13.5-15z" fill={face} {...line} />
      <circle cx="23" cy="43" r="2.5" fill={PINK} />
      <circle cx="41" cy="43" r="2.5" fill={PINK} />
      <circle cx="32" cy="49" r="2.9" fill={INK} />
      <Eyes y={37} dx={6} />
    </Face>
  );
}

function Hippo() {
  const skin = '#8a8fb3';
  return (
    <Face name="hippo">
      <circle cx="20" cy="16" r="4.5" fill={skin} {...line} />
      <circle cx="44" cy="16" r="4.5" fill={skin} {...line} />
      <circle cx="20" cy="16" r="2" fill={PINK} />
      <circle cx="44" cy="16" r="2" fill={PINK} />
      <ellipse cx="32" cy="28" rx="15" ry="13" fill={skin} {...line} />
      <ellipse cx="32" cy="44" rx="21" ry="13" fill={skin} {...line} />
      <ellipse cx="24" cy="40" rx="2.2" ry="3.2" fill={INK} />
      <ellipse cx="40" cy="40" rx="2.2" ry="3.2" fill={INK} />
      <circle cx="15.5" cy="46" r="3" fill={PINK} />
      <circle cx="48.5" cy="46" r="3" fill={PINK} />
      <path d="M22 49q10 6 20 0" {...ink} />
      <Eyes y={26} dx={6.5} />
    </Face>
  );
}

function Horse() {
  const coat = '#a6622f';
  const mane = '#3e2618';
  return (
    <Face name="horse">
      <path d="M40 13Q58 22 51 62L40 58Z" fill={mane} {...line} />
      <path d="M21.5 20L20 5.5L29 14Z" fill={coat} {...line} />
      <path d="M42.5 20L44 5.5L35 14Z" fill={coat} {...line} />
      <path d="M19.5 25Q19.5 12 32 12Q44.5 12 44.5 25L41.5 44Q40 55 32 55Q24 55 22.5 44Z" fill={coat} {...line} />
      <path d="M30 19h4l-0.5 21h-3z" fill={WHITE} />
      <path d="M26 13q6-9 12 0q-2 6-6 9q-4-3-6-9z" fill={mane} {...line} />
      <ellipse cx="32" cy="47" rx="10" ry="7.5" fill="#e4c29e" {...line} />
      <ellipse cx="28" cy="47" rx="1.5" ry="2.3" fill={INK} />
      <ellipse cx="36" cy="47" rx="1.5" ry="2.3" fill={INK} />
      <Eyes y={29} dx={8.5} />
    </Face>
  );
}

function Ibex() {
  const horn = '#d9c49a';
  const left = 'M27.5 20C26 7 15 2 8.5 13';
  const right = 'M36.5 20C38 7 49 2 55.5 13';
  const coat = '#a8855f';
  return (
    <Face name="ibex">
      <path d={`${left}${right}`} fill="none" stroke={INK} strokeWidth="8.5" strokeLinecap="round" />
      <path d={`${left}${right}`} fill="none" stroke={horn} strokeWidth="5" strokeLinecap="round" />
      <path d={`${left}${right}`} fill="none" stroke={INK} strokeWidth="5" strokeDasharray="1.3 3.2" />
      <ellipse cx="14.5" cy="28" rx="7" ry="3.3" transform="rotate(22 14.5 28)" fill={coat} {...line} />
      <ellipse cx="49.5" cy="28" rx="7" ry="3.3" transform="rotate(-22 49.5 28)" fill={coat} {...line} />
      <path d="M28 48L32 61L36 48Z" fill="#5a4634" {...line} />
      <path d="M20 24Q20 16 32 16Q44 16 44 24L40.5 44Q38.5 52 32 52Q25.5 52 23.5 44Z" fill={coat} {...line} />
      <path d="M25.5 44q6.5 3 13 0Q37.5 51 32 51Q26.5 51 25.5 44z" fill="#6e5640" />
      <circle cx="29" cy="44.5" r="1.2" fill={WHITE} />
      <circle cx="35" cy="44.5" r="1.2" fill={WHITE} />
      <Eyes y={30} dx={6.5} />
    </Face>
  );
}

function Jellyfish() {
  const jelly = '#ffc6e0';
  const tentacles = 'M18 38q-3 6 0 12t0 12M27 39q-3 6 0 12t0 10M37 39q3 6 0 12t0 10M46 38q3 6 0 12t0 12';
  return (
    <Face name="jellyfish">
      <path d={tentacles} fill="none" stroke={INK} strokeWidth="6" strokeLinecap="round" />
      <path d={tentacles} fill="none" stroke={jelly} strokeWidth="3" strokeLinecap="round" />
      <path
        d="M11 37Q11 12 32 12Q53 12 53 37Q48.5 41 43.5 37Q38 41 32 37Q26 41 20.5 37Q15.5 41 11 37Z"
        fill={jelly}
        {...line}
      />
      <ellipse cx="21" cy="21" rx="4.5" ry="2.2" transform="rotate(-35 21 21)" fill={WHITE} />
      <circle cx="21.5" cy="32" r="2.5" fill="#f47aa6" />
      <circle cx="42.5" cy="32" r="2.5" fill="#f47aa6" />
      <path d="M29 32q3 3 6 0" {...ink} />
      <Eyes y={27.5} dx={7} />
    </Face>
  );
}

const wool: readonly [number, number, number][] = [
  [32, 34, 17],
  [32, 14, 8],
  [20.5, 17.5, 8],
  [43.5, 17.5, 8],
  [14, 28, 8],
  [50, 28, 8],
  [14, 40, 8],
  [50, 40, 8],
  [20, 50, 8],
  [44, 50, 8],
  [32, 54, 8],
];
const tuft: readonly [number, number, number][] = [
  [26.5, 25, 5],
  [32, 23, 5.5],
  [37.5, 25, 5],
];

/** A woolly cloud: outlined only around its outside edge. */
function Fleece({ puffs }: { puffs: readonly [number, number, number][] }) {
  return (
    <g>
      <g fill={INK}>
        {puffs.map(([cx, cy, r]) => (
          <circle key={`o${cx},${cy}`} cx={cx} cy={cy} r={r + 1.5} />
        ))}
      </g>
      <g fill={WHITE}>
        {puffs.map(([cx, cy, r]) => (
          <circle key={`i${cx},${cy}`} cx={cx} cy={cy} r={r} />
        ))}
      </g>
    </g>
  );
}

function Sheep() {
  const face = '#3d3542';
  return (
    <Face name="sheep">
      <Fleece puffs={wool} />
      <ellipse cx="18" cy="33" rx="7.5" ry="3.5" transform="rotate(22 18 33)" fill={face} {...line} />
      <ellipse cx="46" cy="33" rx="7.5" ry="3.5" transform="rotate(-22 46 33)" fill={face} {...line} />
      <ellipse cx="32" cy="39" rx="10.5" ry="12.5" fill={face} {...line} />
      <Fleece puffs={tuft} />
      <circle cx="27.5" cy="36" r="2.6" fill={WHITE} />
      <circle cx="36.5" cy="36" r="2.6" fill={WHITE} />
      <circle cx="27.5" cy="36.5" r="1.4" fill={INK} />
      <circle cx="36.5" cy="36.5" r="1.4" fill={INK} />
      <path d="M28.5 45q3.5 3 7 0" fill="none" stroke={PINK} strokeWidth="2" strokeLinecap="round" />
    </Face>
  );
}

function Tiger() {
  const coat = '#f28a26';
  return (
    <Face name="tiger">
      <circle cx="17" cy="19" r="7" fill={coat} {...line} />
      <circle cx="47" cy="19" r="7" fill={coat} {...line} />
      <circle cx="17" cy="19" r="3.3" fill={INK} />
      <circle cx="47" cy="19" r="3.3" fill={INK} />
      <ellipse cx="32" cy="36" rx="21" ry="18" fill={coat} {...line} />
      <path
        d="M32 18.5v6M26.5 19.5l1.8 4.5M37.5 19.5l-1.8 4.5M11.5 32h6M12 38.5h5.5M52.5 32h-6M52 38.5h-5.5"
        {...ink}
        strokeWidth="2.4"
      />
      <circle cx="27.5" cy="43" r="6.5" fill={WHITE} />
      <circle cx="36.5" cy="43" r="6.5" fill={WHITE} />
      <path d="M28.8 38.5h6.4L32 42Z" fill="#e45a6e" {...line} />
      <path d="M32 42v2.5M28.5 46q3.5 2.5 7 0" {...ink} />
      <Eyes y={31.5} dx={7.5} />
    </Face>
  );
}

/** The drawing for each preset name. */
export const presetAvatarDrawings: Record<PresetAvatar, ComponentType> = {
  bear: Bear,
  bird: Bird,
  bird2: Bird2,
  dog: Dog,
  dog2: Dog2,
  dog3: Dog3,
  giraffe: Giraffe,
  hedgehog: Hedgehog,
  hippo: Hippo,
  horse: Horse,
  ibex: Ibex,
  jellyfish: Jellyfish,
  sheep: Sheep,
  tiger: Tiger,
};
