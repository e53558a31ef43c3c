import { Component, type ErrorInfo, type ReactNode } from 'react';
import { AlertIcon } from './icons';
import './EmptyState.css';

interface State {
  failed: boolean;
}

/** Catches render errors below it and shows the spec's fallback copy. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Render failed', error, info.componentStack);
  }

  componentDidUpdate(prev: { resetKey?: string }) {
    // Navigating elsewhere gives the new page a fresh chance.
    if (this.state.failed && prev.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="empty-state empty-state--page" role="alert">
        <span className="empty-state__icon">
          <AlertIcon size={28} />
        </span>
        <h2 className="empty-state__title">Something went wrong</h2>
        <p className="empty-state__text">
          try going back or returning to the <a href="/">directory</a>
        </p>
      </div>
    );
  }
}
