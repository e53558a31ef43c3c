import { describe, expect, it } from 'vitest';
import type { AssetType } from '../../lib/types';
import { acceptAttribute, maxUploadBytes, MSG_TOO_LARGE, MSG_WRONG_TYPE, uploadProblem } from './uploads';

function file(size: number, type: string, name = 'image'): File {
  return new File([new Uint8Array(size)], name, { type });
}

const MB = 1_000_000;

describe('uploadProblem', () => {
  it.each<[string, number, string, AssetType, string | null]>([
    ['small PNG avatar', 10, 'image/png', 'avatar', null],
    ['small JPEG avatar', 10, 'image/jpeg', 'avatar', null],
    ['image/jpg avatar', 10, 'image/jpg', 'avatar', null],
    ['empty PNG avatar (size is not checked from below)', 0, 'image/png', 'avatar', null],
    ['avatar of exactly 1 MB', MB, 'image/png', 'avatar', null],
    ['avatar of 1 MB + 1 byte', MB + 1, 'image/png', 'avatar', MSG_TOO_LARGE],
    ['1 MiB JPEG avatar (1 MB is 10^6 bytes)', 1024 * 1024, 'image/jpeg', 'avatar', MSG_TOO_LARGE],
    ['banner of 1 MB + 1 byte', MB + 1, 'image/png', 'banner', null],
    ['banner of exactly 5 MB', 5 * MB, 'image/jpeg', 'banner', null],
    ['banner of 5 MB + 1 byte', 5 * MB + 1, 'image/jpeg', 'banner', MSG_TOO_LARGE],
    ['GIF avatar', 10, 'image/gif', 'avatar', MSG_WRONG_TYPE],
    ['WebP banner', 10, 'image/webp', 'banner', MSG_WRONG_TYPE],
    ['SVG avatar', 10, 'image/svg+xml', 'avatar', MSG_WRONG_TYPE],
    ['PDF banner', 10, 'application/pdf', 'banner', MSG_WRONG_TYPE],
    ['file of unknown type', 10, '', 'avatar', MSG_WRONG_TYPE],
    ['upper-case MIME type (browsers lower-case it)', 10, 'IMAGE/PNG', 'avatar', null],
    ['too large and the wrong type: the type is reported', 6 * MB, 'image/gif', 'banner', MSG_WRONG_TYPE],
  ])('%s', (_, size, type, assetType, expected) => {
    expect(uploadProblem(file(size, type), assetType)).toBe(expected);
  });

  it('judges by the content type, not the file name', () => {
    expect(uploadProblem(file(10, 'image/png', 'photo.gif'), 'avatar')).toBeNull();
    expect(uploadProblem(file(10, 'image/gif', 'photo.png'), 'avatar')).toBe(MSG_WRONG_TYPE);
  });

  it('has the spec messages and limits', () => {
    expect(MSG_WRONG_TYPE).toBe("Can't select the file you chose");
    expect(MSG_TOO_LARGE).toBe('Image exceeded max file size');
    expect(maxUploadBytes).toEqual({ avatar: 1_000_000, banner: 5_000_000 });
    expect(acceptAttribute.split(',')).toEqual(expect.arrayContaining(['.jpg', '.jpeg', '.png', 'image/jpeg', 'image/png']));
  });
});
