// What the page says when its code cannot be loaded: the app's own chunk (shown by the
// entry module with the DOM alone, as React is not there) or a screen's chunk
// (screen-load-failed.tsx). Both offer a reload rather than an endless spinner.

export const SCREEN_LOAD_FAILED_TEXT = {
  title: 'This page could not be loaded',
  body: 'Part of the app did not arrive: the network may be down, or a new version of the site was published since this page was opened.',
  reload: 'Reload the page',
};

/** The app's chunk failed: replace the page's content with the message and a reload link. */
export function showBootFailure(error: unknown): void {
  console.error('Provenance Explorer: the app could not be loaded', error);
  const root = document.getElementById('root');
  if (!root) return;
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.dataset.testid = 'error';
  box.dataset.errorCode = 'CHUNK_LOAD_FAILED';
  box.style.cssText = 'margin:2rem auto;max-width:40rem;padding:1rem;font:14px system-ui,sans-serif';
  const title = document.createElement('h2');
  title.textContent = SCREEN_LOAD_FAILED_TEXT.title;
  title.style.fontWeight = '600';
  const body = document.createElement('p');
  body.textContent = `${SCREEN_LOAD_FAILED_TEXT.body} `;
  const link = document.createElement('a');
  link.href = window.location.href;
  link.dataset.testid = 'reload-page';
  link.textContent = SCREEN_LOAD_FAILED_TEXT.reload;
  link.style.textDecoration = 'underline';
  link.addEventListener('click', (event) => {
    event.preventDefault();
    window.location.reload();
  });
  body.append(link);
  box.append(title, body);
  root.replaceChildren(box);
}
