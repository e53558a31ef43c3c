// The route table of spec 2.1.
import { Navigate, Route, Routes } from 'react-router';
import { ChannelPage, ChannelRedirect } from '../features/channel/ChannelPage';
import { DirectoryPage } from '../features/directory/DirectoryPage';
import { FollowingPage } from '../features/following/FollowingPage';
import { HealthPage } from '../features/health/HealthPage';
import { LoginRoute } from '../features/auth/LoginRoute';
import { ManagerPage } from '../features/manager/ManagerPage';
import { RegisterPage } from '../features/auth/RegisterPage';
import { ResetPage } from '../features/auth/ResetPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { GuestOnly, RequireAuth } from './guards';
import { AppLayout } from './layout/AppLayout';
import { AuthLayout } from './layout/AuthLayout';

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AuthLayout />}>
        <Route path="/login" element={<LoginRoute />} />
        <Route
          path="/register"
          element={
            <GuestOnly>
              <RegisterPage />
            </GuestOnly>
          }
        />
        <Route
          path="/reset"
          element={
            <GuestOnly>
              <ResetPage />
            </GuestOnly>
          }
        />
      </Route>
      <Route element={<AppLayout />}>
        <Route index element={<DirectoryPage />} />
        <Route element={<RequireAuth />}>
          <Route path="/following" element={<FollowingPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/manager" element={<ManagerPage key="manager" />} />
          <Route path="/manager/collab" element={<ManagerPage key="collab" collab />} />
          <Route path="/health" element={<HealthPage />} />
          <Route path="/health/:streamId" element={<HealthPage />} />
          <Route path="/health/:streamId/*" element={<Navigate to="/health" replace />} />
        </Route>
        <Route path="/:username" element={<ChannelPage />} />
        <Route path="/:username/profile" element={<ChannelPage profile />} />
        <Route path="/:username/*" element={<ChannelRedirect />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
