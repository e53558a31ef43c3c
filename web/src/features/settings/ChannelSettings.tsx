import { useRef, useState, type ChangeEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Avatar } from '../../components/Avatar';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ConfirmModal } from '../../components/Modal';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { CheckIcon, TrashIcon, UploadIcon } from '../../components/icons';
import { useSession } from '../../app/session';
import { api, isApiError } from '../../lib/api';
import { colorSwatch, presetAvatars, profileColors } from '../../lib/profile';
import type { AssetType, Me, Profile } from '../../lib/types';
import { SettingsSection } from './SettingsPage';
import { ownChannelKey } from './queries';
import { acceptAttribute, imageErrorCodes, uploadHelp, uploadProblem } from './uploads';

/** Profile colour, avatar and banner (spec 2.7 "Channel settings"). */
export function ChannelSettings() {
  const { user } = useSession();
  if (!user) return null;
  return (
    <SettingsSection title="Channel settings" testId="channel-settings">
      <ColorPicker user={user} />
      <AvatarPicker user={user} />
      <BannerUploader user={user} />
    </SettingsSection>
  );
}

/** Applies a profile change to the session and every cached view of the user's channel. */
function useApplyProfile() {
  const { user, updateUser } = useSession();
  const client = useQueryClient();
  return (p: Profile) => {
    updateUser({ avatar: p.avatar, color: p.color, channelAssetUrls: p.channelAssetUrls });
    void client.invalidateQueries({ queryKey: ownChannelKey });
    if (user) void client.invalidateQueries({ queryKey: ['channels', user.username.toLowerCase()] });
  };
}

function ColorPicker({ user }: { user: Me }) {
  const toast = useToast();
  const { updateUser } = useSession();
  const apply = useApplyProfile();
  const save = useMutation({
    mutationFn: (color: string) => api.channel.updatePreferences({ color: { name: color } }),
    onMutate: (color) => {
      const previous = user.color;
      updateUser({ color }); // optimistic (spec 2.7)
      return previous;
    },
    onSuccess: (p) => {
      apply(p);
      toast.success('Color saved');
    },
    onError: (_, __, previous) => {
      if (previous) updateUser({ color: previous });
      toast.error('Color failed to save');
    },
  });
  return (
    <fieldset className="profile-field">
      <legend className="profile-field__label">Color</legend>
      <div className="color-swatches" role="radiogroup" aria-label="Color">
        {profileColors.map((color) => {
          const selected = user.color === color;
          const swatch = colorSwatch(color);
          return (
            <button
              key={color}
              type="button"
              role="radio"
              aria-checked={selected}
              aria-label={color}
              className={`color-swatch${selected ? ' color-swatch--selected' : ''}`}
              style={{ background: swatch.background, color: swatch.text }}
              onClick={() => !selected && save.mutate(color)}
            >
              {selected && <CheckIcon size={18} />}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

function AvatarPicker({ user }: { user: Me }) {
  const toast = useToast();
  const apply = useApplyProfile();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const customUrl = user.channelAssetUrls?.avatar;

  const choose = useMutation({
    mutationFn: (avatar: string) => api.channel.updatePreferences({ avatar: { name: avatar } }),
    onSuccess: (p) => {
      apply(p);
      toast.success('Avatar saved');
    },
    onError: () => toast.error('Avatar failed to save'),
  });
  const upload = useUpload('avatar', (p) => {
    apply(p);
    toast.success('Image uploaded and avatar saved');
  }, 'Avatar failed to save');
  const remove = useMutation({
    mutationFn: () => api.channel.deleteAsset('avatar'),
    onSuccess: (p) => {
      apply(p);
      toast.success('Avatar image deleted');
    },
    onError: () => toast.error('Avatar failed to delete'),
  });
  const busy = choose.isPending || upload.pending || remove.isPending;

  return (
    <fieldset className="profile-field">
      <legend className="profile-field__label">Avatar</legend>
      <div className="avatar-tiles" role="radiogroup" aria-label="Avatar">
        <button
          type="button"
          role="radio"
          aria-checked={user.avatar === 'custom'}
          aria-label={customUrl ? 'Your uploaded avatar image' : 'Upload an avatar image'}
          className={`avatar-tile avatar-tile--custom${user.avatar === 'custom' ? ' avatar-tile--selected' : ''}`}
          disabled={busy}
          onClick={() => (customUrl ? user.avatar !== 'custom' && choose.mutate('custom') : upload.pick())}
        >
          {customUrl ? (
            <Avatar username={user.username} color={user.color} avatar="custom" imageUrl={customUrl} size={56} />
          ) : (
            <span className="avatar-tile__upload">
              <UploadIcon size={22} />
            </span>
          )}
        </button>
        {presetAvatars.map((name) => (
          <button
            key={name}
            type="button"
            role="radio"
            aria-checked={user.avatar === name}
            aria-label={name}
            className={`avatar-tile${user.avatar === name ? ' avatar-tile--selected' : ''}`}
            disabled={busy}
            onClick={() => user.avatar !== name && choose.mutate(name)}
          >
            <Avatar username={user.username} color={user.color} avatar={name} size={56} />
          </button>
        ))}
      </div>
      <div className="uploader">
        {upload.input}
        <Button variant="secondary" onClick={upload.pick} disabled={busy}>
          {upload.pending ? <Spinner size={16} label="Uploading" /> : <UploadIcon size={16} />}
          {customUrl ? 'Replace image' : 'Upload image'}
        </Button>
        {customUrl && (
          <Button variant="tertiary" aria-label="Delete avatar image" onClick={() => setConfirmDelete(true)} disabled={busy}>
            <TrashIcon size={16} />
          </Button>
        )}
        <p className="uploader__help">{uploadHelp.avatar}</p>
      </div>
      <ConfirmModal
        open={confirmDelete}
        message="Are you sure you want to delete your avatar image?"
        confirmLabel="Delete image"
        destructive
        onCancel={() => setConfirmDelete(false)}
        onConfirm={async () => {
          try {
            await remove.mutateAsync();
          } catch {
            // reported by onError
          } finally {
            setConfirmDelete(false);
          }
        }}
      />
    </fieldset>
  );
}

function BannerUploader({ user }: { user: Me }) {
  const toast = useToast();
  const apply = useApplyProfile();
  const url = user.channelAssetUrls?.banner;
  const upload = useUpload('banner', (p) => {
    apply(p);
    toast.success('Profile banner uploaded');
  }, 'Profile banner failed to upload');
  const remove = useMutation({
    mutationFn: () => api.channel.deleteAsset('banner'),
    onSuccess: (p) => {
      apply(p);
      toast.success('Profile banner image deleted');
    },
    onError: () => toast.error('Profile banner failed to delete'),
  });
  const busy = upload.pending || remove.isPending;
  return (
    <div className="profile-field">
      <span className="profile-field__label">Profile banner</span>
      <Banner className="banner-preview" color={user.color} imageUrl={url} />
      <div className="uploader">
        {upload.input}
        <Button variant="secondary" onClick={upload.pick} disabled={busy}>
          {upload.pending ? <Spinner size={16} label="Uploading" /> : <UploadIcon size={16} />}
          {url ? 'Replace image' : 'Upload image'}
        </Button>
        {url && (
          <Button variant="tertiary" aria-label="Delete profile banner" onClick={() => remove.mutate()} disabled={busy}>
            <TrashIcon size={16} />
          </Button>
        )}
        <p className="uploader__help">{uploadHelp.banner}</p>
      </div>
    </div>
  );
}

/**
 * A hidden file input plus the upload mutation. Files are checked before
 * they are sent (type and size, spec 2.7); what the server refuses is
 * explained with its own message.
 */
function useUpload(assetType: AssetType, onDone: (p: Profile) => void, failure: string) {
  const toast = useToast();
  const ref = useRef<HTMLInputElement>(null);
  const mutation = useMutation({
    mutationFn: (file: File) => api.channel.uploadAsset(assetType, file),
    onSuccess: onDone,
    onError: (err) => {
      if (isApiError(err) && imageErrorCodes.includes(err.code)) toast.error(err.message);
      else toast.error(failure);
    },
  });
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again fires change again
    if (!file) return;
    const problem = uploadProblem(file, assetType);
    if (problem) {
      toast.error(problem);
      return;
    }
    mutation.mutate(file);
  };
  return {
    pending: mutation.isPending,
    pick: () => ref.current?.click(),
    input: (
      <input
        ref={ref}
        type="file"
        accept={acceptAttribute}
        className="sr-only"
        aria-label={assetType === 'avatar' ? 'Avatar image file' : 'Profile banner image file'}
        data-testid={`${assetType}-file`}
        onChange={onChange}
        tabIndex={-1}
      />
    ),
  };
}
