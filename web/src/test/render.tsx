import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { Providers } from '../app/App';
import { AppRoutes } from '../app/AppRoutes';
import { createQueryClient } from '../app/queryClient';

/** Renders the whole app at `path`; the current location is in [data-testid=location]. */
export function renderApp(path: string) {
  const client = createQueryClient();
  const utils = render(
    <MemoryRouter initialEntries={[path]}>
      <Providers client={client}>
        <AppRoutes />
        <LocationProbe />
      </Providers>
    </MemoryRouter>,
  );
  return { ...utils, client, location: () => utils.getByTestId('location').textContent };
}

function LocationProbe() {
  const loc = useLocation();
  return <output data-testid="location">{`${loc.pathname}${loc.search}`}</output>;
}
