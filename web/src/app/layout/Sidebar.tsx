import { Link, NavLink } from 'react-router';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { Logo } from '../../components/Logo';
import { LogOutIcon, SettingsIcon } from '../../components/icons';
import { useSession } from '../session';
import { homeNav, navLabel, signedInNav } from './nav';
import { useAuthActions } from './useAuthActions';
import { usePopover } from './usePopover';
import './Sidebar.css';

/** Desktop navigation (>= 768 px), fixed on the left (spec 2.2). */
export function Sidebar() {
  const { user } = useSession();
  return user ? <SignedInSidebar /> : <SignedOutSidebar />;
}

function SignedOutSidebar() {
  const { logIn, signUp } = useAuthActions();
  const Icon = homeNav.icon;
  return (
    <aside className="sidebar sidebar--wide">
      <Link to="/" className="sidebar__brand">
        <Logo />
      </Link>
      <nav className="sidebar__nav" aria-label="Main">
        <NavLink to={homeNav.to} end className="sidebar__item sidebar__item--labelled" aria-label={navLabel(homeNav.name)}>
          <Icon size={22} />
          <span>{homeNav.name}</span>
        </NavLink>
      </nav>
      <div className="sidebar__auth">
        <Button variant="secondary" fullWidth onClick={logIn}>
          Log in
        </Button>
        <Button variant="primary" fullWidth onClick={signUp}>
          Sign up
        </Button>
      </div>
    </aside>
  );
}

function SignedInSidebar() {
  const { user } = useSession();
  const { logOut } = useAuthActions();
  const menu = usePopover<HTMLDivElement>();
  if (!user) return null;
  return (
    <aside className="sidebar sidebar--narrow">
      <span className="sidebar__mark" aria-hidden="true">
        <Logo compact />
      </span>
      <nav className="sidebar__nav" aria-label="Main">
        {signedInNav.map((item, i) =>
          item ? (
            <NavLink
              key={item.to}
              to={item.to}
              end={item.to === '/'}
              className="sidebar__item sidebar__item--icon"
              aria-label={navLabel(item.name)}
            >
              <item.icon size={22} />
              <span className="sidebar__tooltip" aria-hidden="true">
                {item.name}
              </span>
            </NavLink>
          ) : (
            <hr key={`divider-${i}`} className="sidebar__divider" />
          ),
        )}
      </nav>
      <div className="sidebar__account">
        <button
          ref={menu.toggleRef}
          type="button"
          className="sidebar__avatar-button"
          aria-label={menu.open ? 'Close navigation menu' : 'Open navigation menu'}
          aria-expanded={menu.open}
          aria-controls="account-menu"
          onClick={menu.toggle}
        >
          <Avatar username={user.username} color={user.color} avatar={user.avatar} imageUrl={user.channelAssetUrls?.avatar} size={40} />
        </button>
        {menu.open && (
          <div ref={menu.panelRef} id="account-menu" className="account-menu">
            <Link to={`/${user.username}`} className="account-menu__profile">
              <Avatar username={user.username} color={user.color} avatar={user.avatar} imageUrl={user.channelAssetUrls?.avatar} size={36} />
              <span className="account-menu__username">{user.username}</span>
            </Link>
            <hr className="account-menu__divider" />
            <Link to="/settings" className="account-menu__item">
              <SettingsIcon size={18} />
              Settings
            </Link>
            <button type="button" className="account-menu__item" data-testid="logout-action" onClick={() => void logOut()}>
              <LogOutIcon size={18} />
              Log out
            </button>
          </div>
        )}
      </div>
    </aside>
  );
}
