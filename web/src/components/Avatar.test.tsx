import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { presetAvatars } from '../lib/profile';
import { AVATAR_FALLBACK_GREY, Avatar } from './Avatar';
import { isPresetAvatar, presetAvatarDrawings } from './avatars/presets';

function avatarEl(container: HTMLElement): HTMLElement {
  const el = container.querySelector<HTMLElement>('.avatar');
  if (!el) throw new Error('no avatar rendered');
  return el;
}

describe('Avatar', () => {
  it('has a drawing for every preset name', () => {
    expect(Object.keys(presetAvatarDrawings).sort()).toEqual([...presetAvatars].sort());
    expect(isPresetAvatar('bear')).toBe(true);
    expect(isPresetAvatar('custom')).toBe(false);
    expect(isPresetAvatar(undefined)).toBe(false);
  });

  it.each(presetAvatars)('draws the %s preset on the profile colour', (name) => {
    const { container } = render(<Avatar username="alice" color="green" avatar={name} />);
    const el = avatarEl(container);
    expect(el).toHaveAttribute('data-avatar', name);
    expect(el).toHaveAttribute('data-avatar-kind', 'preset');
    expect(el).toHaveAttribute('data-color', 'green');
    expect(el).toHaveStyle({ background: '#1f9d68' });
    const svg = el.querySelector('svg');
    expect(svg).not.toBeNull();
    expect(svg).toHaveAttribute('aria-hidden', 'true');
    expect(svg).toHaveAttribute('focusable', 'false');
    expect(svg).toHaveAttribute('viewBox', '0 0 64 64');
    expect(svg).toHaveAttribute('data-preset', name);
    expect(el).not.toHaveTextContent('A');
  });

  it('shows the uploaded image for a custom avatar', () => {
    const { container } = render(
      <Avatar username="alice" color="blue" avatar="custom" imageUrl="https://cdn.test/a.png?versionId=2" />,
    );
    const el = avatarEl(container);
    expect(el).toHaveAttribute('data-avatar', 'custom');
    expect(el).toHaveAttribute('data-avatar-kind', 'image');
    const img = el.querySelector('img');
    expect(img).toHaveAttribute('src', 'https://cdn.test/a.png?versionId=2');
    expect(img).toHaveAttribute('alt', '');
    expect(img).toHaveAttribute('loading', 'lazy');
    expect(img).toHaveAttribute('decoding', 'async');
    expect(el.querySelector('svg')).toBeNull();
  });

  it('falls back to a plain grey circle when the image fails, and retries a new address', () => {
    const { container, rerender } = render(
      <Avatar username="alice" color="blue" avatar="custom" imageUrl="https://cdn.test/broken.png" />,
    );
    fireEvent.error(avatarEl(container).querySelector('img')!);
    const el = avatarEl(container);
    expect(el).toHaveAttribute('data-avatar-kind', 'fallback');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('svg')).toBeNull();
    expect(el).toHaveTextContent('');
    expect(el).toHaveStyle({ background: AVATAR_FALLBACK_GREY });

    rerender(<Avatar username="alice" color="blue" avatar="custom" imageUrl="https://cdn.test/new.png" />);
    expect(avatarEl(container).querySelector('img')).toHaveAttribute('src', 'https://cdn.test/new.png');
  });

  it('uses the letter for custom without an address, unknown names and no avatar', () => {
    for (const avatar of ['custom', 'unicorn', undefined]) {
      const { container, unmount } = render(<Avatar username=" zed" color="purple" avatar={avatar} />);
      const el = avatarEl(container);
      expect(el).toHaveAttribute('data-avatar-kind', 'letter');
      expect(el).toHaveTextContent('Z');
      expect(el).toHaveStyle({ background: '#c48cf2' });
      expect(el.querySelector('svg, img')).toBeNull();
      unmount();
    }
  });

  it('keeps the existing username/color/size behaviour', () => {
    const { container } = render(<Avatar username="bob" color="nope" size={24} />);
    const el = avatarEl(container);
    expect(el).toHaveTextContent('B');
    expect(el).toHaveStyle({ width: '24px', height: '24px' });
    expect(el).toHaveAttribute('data-color', 'nope');
    expect(el).not.toHaveAttribute('data-avatar');
    expect(el).toHaveAttribute('aria-hidden', 'true');
    expect(el).not.toHaveAttribute('role');
  });

  it('is an image with a name only when labelled', () => {
    render(<Avatar username="bob" color="blue" avatar="tiger" label="bob's avatar" />);
    const img = screen.getByRole('img', { name: "bob's avatar" });
    expect(img).not.toHaveAttribute('aria-hidden');
  });

  it('draws a ring in the profile colour when asked', () => {
    const { container, rerender } = render(<Avatar username="bob" color="salmon" avatar="sheep" />);
    expect(avatarEl(container)).not.toHaveClass('avatar--ring');
    rerender(<Avatar username="bob" color="salmon" avatar="sheep" ring />);
    const el = avatarEl(container);
    expect(el).toHaveClass('avatar--ring');
    expect(el.style.getPropertyValue('--avatar-ring')).toBe('#f7a08d');
  });
});
