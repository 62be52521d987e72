// The shell's modules (the providers, the header, the route's screen slot) and the page's
// styles: a chunk of its own, evaluated in a task after React's (app/start.tsx).
import { App } from './app';
import { Providers } from './providers';
import '../index.css';

export function Shell() {
  return (
    <Providers>
      <App />
    </Providers>
  );
}
