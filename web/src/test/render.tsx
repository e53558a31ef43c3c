import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { Providers } from '../app/App';
import { AppRoutes } from '../app/AppRoutes';
import { createQueryClient } from '../app/queryClient';

/** Renders the whole app at `path`; the current location is in [data-testid=location]. */
export function renderApp(path: string) {
  const client = createQueryClient();
  const router = createMemoryRouter(
    [
      {
        path: '*',
        element: (
          <Providers client={client}>
            <AppRoutes />
            <LocationProbe />
          </Providers>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  const utils = render(<RouterProvider router={router} />);
  return { ...utils, client, router, location: () => utils.getByTestId('location').textContent };
}

function LocationProbe() {
  const loc = useLocation();
  return <output data-testid="location">{`${loc.pathname}${loc.search}`}</output>;
}
