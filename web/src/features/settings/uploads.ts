// Client-side checks of profile image uploads (spec 2.7); the server checks
// the content again and re-encodes it.
import type { AssetType } from '../../lib/types';

/** 1 MB = 10^6 bytes (spec 2.7). */
export const maxUploadBytes: Record<AssetType, number> = { avatar: 1_000_000, banner: 5_000_000 };

export const uploadHelp: Record<AssetType, string> = {
  avatar: 'File format: JPG, PNG (Max 1 MB)',
  banner: 'File format: JPG, PNG (Max 5 MB)',
};

const acceptedTypes = ['image/jpeg', 'image/jpg', 'image/png'];
export const acceptAttribute = '.jpg,.jpeg,.png,image/jpeg,image/png';

export const MSG_WRONG_TYPE = "Can't select the file you chose";
export const MSG_TOO_LARGE = 'Image exceeded max file size';

/** The reason a file cannot be uploaded as assetType, or null when it may be. */
export function uploadProblem(file: File, assetType: AssetType): string | null {
  if (!acceptedTypes.includes(file.type)) return MSG_WRONG_TYPE;
  if (file.size > maxUploadBytes[assetType]) return MSG_TOO_LARGE;
  return null;
}

/** Server codes whose message explains a refused image better than the generic toast. */
export const imageErrorCodes = ['ImageTooLargeException', 'UnsupportedImageException', 'ImageDimensionsException'];
