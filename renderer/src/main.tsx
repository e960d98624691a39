/** Renderer entry: mounts the app; a render failure shows one line instead of a blank page. */
import { Component, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { App } from './app/App';
import { oneLine } from '../../src/common/errors';

class ErrorBoundary extends Component<{ children: ReactNode }, { error?: string }> {
  override state: { error?: string } = {};
  static getDerivedStateFromError(e: unknown) {
    return { error: oneLine(e) };
  }
  override render() {
    if (this.state.error) {
      return (
        <div className="fatal" role="alert">
          <h2>splitlens hit an error</h2>
          <p className="error-text">{this.state.error}</p>
          <button className="button primary" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
