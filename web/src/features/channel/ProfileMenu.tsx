// The profile view's menu (spec 2.4): "Ban user"/"Unban user" bans the
// channel's owner from the viewer's own chat room; "Copy channel link".
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ConfirmModal } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { BanIcon, CopyIcon, MoreIcon } from '../../components/icons';
import { usePopover } from '../../app/layout/usePopover';
import { useSession } from '../../app/session';
import { api, isApiError } from '../../lib/api';
import { copyText } from '../../lib/clipboard';
import type { PublicChannel } from '../../lib/types';
import './ProfileMenu.css';

export function bansQueryKey(channelId: string) {
  return ['chat', 'bans', channelId] as const;
}

export function ProfileMenu({ channel: c }: { channel: PublicChannel }) {
  const { user } = useSession();
  const toast = useToast();
  const client = useQueryClient();
  const menu = usePopover<HTMLDivElement>();
  const [confirm, setConfirm] = useState<'ban' | 'unban' | null>(null);
  const canBan = user !== null && user.id !== c.userId;
  const myRoom = user?.channelId ?? '';

  const bans = useQuery({
    queryKey: bansQueryKey(myRoom),
    // A room that was never opened has no bans.
    queryFn: () => api.chat.bans(myRoom).catch((err: unknown) => (isApiError(err) && err.status === 404 ? [] : Promise.reject(err))),
    enabled: canBan && menu.open,
  });
  const banned = bans.data?.some((b) => b.userId === c.userId) ?? false;

  const moderate = useMutation({
    mutationFn: (ban: boolean) => (ban ? api.chat.ban(myRoom, c.userId) : api.chat.unban(myRoom, c.userId)),
    onSuccess: (_, ban) => toast.success(ban ? 'User banned from channel' : 'User unbanned from channel'),
    onError: (_, ban) => toast.error(ban ? 'Failed to ban user' : 'Failed to unban user'),
    onSettled: () => client.invalidateQueries({ queryKey: bansQueryKey(myRoom) }),
  });

  // Focus the first item when the menu opens.
  useEffect(() => {
    if (menu.open) menu.panelRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [menu.open, menu.panelRef, bans.isSuccess]);

  const onMenuKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const items = Array.from(menu.panelRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const i = items.indexOf(document.activeElement as HTMLElement);
    const next =
      e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : (i + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
    items[next]?.focus();
  };

  const copyLink = async () => {
    menu.close(true);
    if (await copyText(window.location.href)) toast.success('Channel link copied');
    else toast.error('Failed to copy channel link');
  };

  return (
    <div className="profile-menu">
      <button
        ref={menu.toggleRef}
        type="button"
        className="profile-menu__toggle"
        aria-label={menu.open ? 'Close profile menu' : 'Open profile menu'}
        aria-haspopup="menu"
        aria-expanded={menu.open}
        aria-controls="profile-menu"
        onClick={menu.toggle}
      >
        <MoreIcon size={20} />
      </button>
      {menu.open && (
        <div ref={menu.panelRef} id="profile-menu" className="profile-menu__panel" role="menu" aria-label="Profile menu" onKeyDown={onMenuKey}>
          {canBan && bans.isSuccess && (
            <button
              type="button"
              role="menuitem"
              className="profile-menu__item"
              onClick={() => {
                menu.close(true);
                setConfirm(banned ? 'unban' : 'ban');
              }}
            >
              <BanIcon size={18} />
              {banned ? 'Unban user' : 'Ban user'}
            </button>
          )}
          <button type="button" role="menuitem" className="profile-menu__item" onClick={() => void copyLink()}>
            <CopyIcon size={18} />
            Copy channel link
          </button>
        </div>
      )}
      <ConfirmModal
        open={confirm !== null}
        message={`Are you sure you would like to ${confirm === 'unban' ? 'unban' : 'ban'} ${c.username}?`}
        confirmLabel={confirm === 'unban' ? 'Unban user' : 'Ban user'}
        destructive={confirm !== 'unban'}
        onCancel={() => setConfirm(null)}
        onConfirm={async () => {
          await moderate.mutateAsync(confirm === 'ban').catch(() => undefined);
          setConfirm(null);
        }}
      />
    </div>
  );
}
