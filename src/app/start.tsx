// The app itself, imported by the entry module (src/main.tsx) once the route's data and
// its screen's chunk are on their way. Two tasks: this module's evaluation is React's
// and react-dom's (it is in React's chunk: scripts/app-chunks.ts); `startApp` (a task of
// its own) then imports the shell (app/shell.tsx, in the app's chunk, which index.html
// has the browser fetch in parallel: scripts/preload-app-plugin.ts), whose modules
// evaluate and render in the task after.
import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterTask } from '../lib/next-task';

export async function startApp(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  const reactRoot = createRoot(root);
  const { Shell } = await import('./shell');
  // The shell's modules evaluated in the task that resolved the import: the first render
  // in the next one, as a transition: React yields to the browser every few
  // milliseconds instead of rendering the whole first screen in one task.
  await afterTask();
  startTransition(() => {
    reactRoot.render(
      <StrictMode>
        <Shell />
      </StrictMode>,
    );
  });
}
