import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { ToastProvider, useToast } from './Toast';

function Trigger() {
  const toast = useToast();
  return (
    <>
      <button onClick={() => toast.success('Saved')}>success</button>
      <button onClick={() => toast.error('Failed')}>error</button>
      <button onClick={() => toast.info('FYI')}>info</button>
    </>
  );
}

describe('toasts', () => {
  afterEach(() => vi.useRealTimers());

  it('shows one at a time and closes after 3 seconds', () => {
    vi.useFakeTimers();
    render(
      <ToastProvider>
        <Trigger />
      </ToastProvider>,
    );
    fireEvent.click(screen.getByText('success'));
    expect(screen.getByTestId('success-notification')).toHaveTextContent('Saved');
    expect(screen.getByTestId('success-notification')).toHaveAttribute('role', 'status');

    act(() => vi.advanceTimersByTime(2000));
    fireEvent.click(screen.getByText('error'));
    expect(screen.queryByTestId('success-notification')).not.toBeInTheDocument();
    expect(screen.getByTestId('error-notification')).toHaveAttribute('role', 'alert');

    // The replacement gets its own full 3 s.
    act(() => vi.advanceTimersByTime(2999));
    expect(screen.getByTestId('error-notification')).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
  });

  it('can be dismissed', () => {
    render(
      <ToastProvider>
        <Trigger />
      </ToastProvider>,
    );
    fireEvent.click(screen.getByText('info'));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss notification' }));
    expect(screen.queryByTestId('info-notification')).not.toBeInTheDocument();
  });
});
