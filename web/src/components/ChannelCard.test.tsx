import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { ChannelCard as ChannelCardData } from '../lib/types';
import { Banner, darkShade } from './Banner';
import { ChannelCard } from './ChannelCard';

const base: ChannelCardData = {
  username: 'ann',
  avatar: 'hippo',
  color: 'yellow',
  channelAssetUrls: {},
  isLive: false,
  stageId: null,
};

function renderCard(channel: Partial<ChannelCardData>, props: { showLivePill?: boolean; greyscaleOffline?: boolean } = {}) {
  return render(
    <MemoryRouter>
      <ChannelCard channel={{ ...base, ...channel }} {...props} />
    </MemoryRouter>,
  );
}

describe('Banner', () => {
  it('mixes the profile colour with black for its fallback shade', () => {
    expect(darkShade('#ffffff')).toBe('#8c8c8c');
    expect(darkShade('#3b7cf6')).toBe('#204487');
    expect(darkShade('#fff', 0.5)).toBe('#808080');
    expect(darkShade('not a colour')).toBe('not a colour');
  });

  it('shows the image when there is one', () => {
    render(<Banner color="blue" imageUrl="https://cdn.test/b.jpg" className="x" />);
    const banner = screen.getByTestId('banner');
    expect(banner).toHaveClass('banner', 'x');
    const img = banner.querySelector('img');
    expect(img).toHaveAttribute('src', 'https://cdn.test/b.jpg');
    expect(img).toHaveAttribute('alt', '');
  });

  it('is a dark block of the profile colour without an image', () => {
    render(<Banner color="blue" />);
    const banner = screen.getByTestId('banner');
    expect(banner.querySelector('img')).toBeNull();
    expect(banner).toHaveStyle({ background: '#204487' });
  });

  it('falls back to the dark block when the image fails', () => {
    render(<Banner color="blue" imageUrl="https://cdn.test/broken.jpg" />);
    const banner = screen.getByTestId('banner');
    fireEvent.error(banner.querySelector('img')!);
    expect(banner.querySelector('img')).toBeNull();
    expect(banner).toHaveStyle({ background: '#204487' });
  });
});

describe('ChannelCard', () => {
  it('links to the channel, encoding the username', () => {
    renderCard({ username: 'ann b/ü' });
    const link = screen.getByRole('link', { name: 'ann b/ü' });
    expect(link).toHaveAttribute('href', '/ann%20b%2F%C3%BC');
    expect(link).toHaveAttribute('data-testid', 'channel-card');
    expect(link).toHaveTextContent('ann b/ü');
  });

  it('shows the banner, avatar and username on the profile colour', () => {
    renderCard({
      avatar: 'custom',
      channelAssetUrls: { avatar: 'https://cdn.test/a.png', banner: 'https://cdn.test/b.jpg' },
    });
    const card = screen.getByTestId('channel-card');
    expect(screen.getByTestId('banner').querySelector('img')).toHaveAttribute('src', 'https://cdn.test/b.jpg');
    const avatar = card.querySelector('.avatar')!;
    expect(avatar).toHaveAttribute('data-avatar', 'custom');
    expect(avatar.querySelector('img')).toHaveAttribute('src', 'https://cdn.test/a.png');
    expect(avatar).toHaveStyle({ width: '32px' });
    expect(card.querySelector('.channel-card__bar')).toHaveStyle({ background: '#f6d55c', color: '#2a2208' });
  });

  it('uses the preset avatar when not custom', () => {
    renderCard({});
    const avatar = screen.getByTestId('channel-card').querySelector('.avatar')!;
    expect(avatar).toHaveAttribute('data-avatar', 'hippo');
    expect(avatar.querySelector('svg')).not.toBeNull();
  });

  it.each([
    ['live', { isLive: true }],
    ['on a stage', { stageId: 'st1' }],
  ])('shows a LIVE pill when %s and asked to', (_, change) => {
    renderCard(change, { showLivePill: true });
    expect(screen.getByRole('link', { name: 'ann (live)' })).toBeInTheDocument();
    expect(screen.getByText('Live')).toHaveClass('channel-card__live');
  });

  it('shows no pill when offline or not asked to', () => {
    const { unmount } = renderCard({}, { showLivePill: true });
    expect(screen.queryByText('Live')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ann' })).toBeInTheDocument();
    unmount();
    renderCard({ isLive: true });
    expect(screen.queryByText('Live')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ann (live)' })).toBeInTheDocument();
  });

  it('greys out offline channels only when asked to', () => {
    const { unmount } = renderCard({}, { greyscaleOffline: true });
    expect(screen.getByTestId('channel-card')).toHaveClass('channel-card--offline');
    unmount();
    const live = renderCard({ stageId: 'st1' }, { greyscaleOffline: true });
    expect(screen.getByTestId('channel-card')).not.toHaveClass('channel-card--offline');
    live.unmount();
    renderCard({});
    expect(screen.getByTestId('channel-card')).not.toHaveClass('channel-card--offline');
  });
});
