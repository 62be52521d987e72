import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error?: Error;
}

/**
 * Last line of defence: a screen that throws while rendering (unexpected data from a
 * registry, a bug) shows what happened instead of blanking the whole app. Keyed by the
 * route in app.tsx, so navigating elsewhere starts afresh.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Provenance Explorer: a screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div
        role="alert"
        data-testid="error"
        data-error-code="RENDER_ERROR"
        className="mt-8 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100"
      >
        <h2 className="font-semibold">This screen could not be shown</h2>
        <p className="mt-1">
          Something in the data could not be displayed: {error.message}. The rest of the app still works; try another
          page or reload.
        </p>
      </div>
    );
  }
}
