import { Link, NavLink } from 'react-router';
import { Button } from '../../components/Button';
import { Logo } from '../../components/Logo';
import { CloseIcon, LogOutIcon, MenuIcon, SettingsIcon } from '../../components/icons';
import { useSession } from '../session';
import { navLabel, signedInNav } from './nav';
import { useAuthActions } from './useAuthActions';
import { usePopover } from './usePopover';
import './MobileNav.css';

/** Navigation below 768 px (spec 2.2). */
export function MobileNav() {
  const { user } = useSession();
  return (
    <>
      <header className="mobile-header">
        <Link to="/" className="mobile-header__brand">
          <Logo />
        </Link>
      </header>
      {user ? <FloatingMenu /> : <SignedOutBar />}
    </>
  );
}

function SignedOutBar() {
  const { logIn, signUp } = useAuthActions();
  return (
    <div className="mobile-auth-bar">
      <Button variant="secondary" fullWidth onClick={logIn}>
        Log in
      </Button>
      <Button variant="primary" fullWidth onClick={signUp}>
        Sign up
      </Button>
    </div>
  );
}

function FloatingMenu() {
  const { logOut } = useAuthActions();
  const menu = usePopover<HTMLElement>();
  return (
    <>
      {menu.open && <div className="mobile-menu__scrim" aria-hidden="true" />}
      {menu.open && (
        <nav ref={menu.panelRef} id="mobile-menu" className="mobile-menu" aria-label="Main">
          {signedInNav.map((item, i) =>
            item ? (
              <NavLink key={item.to} to={item.to} end={item.to === '/'} className="mobile-menu__item" aria-label={navLabel(item.name)}>
                <item.icon size={20} />
                <span>{item.name}</span>
              </NavLink>
            ) : (
              <hr key={`divider-${i}`} className="mobile-menu__divider" />
            ),
          )}
          <NavLink to="/settings" className="mobile-menu__item" aria-label={navLabel('Settings')}>
            <SettingsIcon size={20} />
            <span>Settings</span>
          </NavLink>
          <hr className="mobile-menu__divider" />
          <button type="button" className="mobile-menu__item" data-testid="logout-action" onClick={() => void logOut()}>
            <LogOutIcon size={20} />
            <span>Log out</span>
          </button>
        </nav>
      )}
      <button
        ref={menu.toggleRef}
        type="button"
        className="floating-menu-toggle"
        data-testid="floating-menu-toggle"
        aria-label={menu.open ? 'Close navigation menu' : 'Open navigation menu'}
        aria-expanded={menu.open}
        aria-controls="mobile-menu"
        onClick={menu.toggle}
      >
        {menu.open ? <CloseIcon size={24} /> : <MenuIcon size={24} />}
      </button>
    </>
  );
}
