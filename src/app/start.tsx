// The app itself, imported by the entry module (src/main.tsx) once the route's data and
// its screen's chunk are on their way.
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { Providers } from './providers';
import '../index.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const reactRoot = createRoot(root);
// The first render as a transition: React yields to the browser every few milliseconds
// instead of rendering the whole first screen in one task.
startTransition(() => {
  reactRoot.render(
    <StrictMode>
      <Providers>
        <App />
      </Providers>
    </StrictMode>,
  );
});
