import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getBridge } from './data/bridge';
import { createQueryClient } from './data/queryClient';
import { App } from './app/App';
import { Providers } from './app/Providers';
import { SessionGate } from './app/NoSession';
import { preloadDeferred } from './ui/deferred';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <Providers bridge={getBridge()} queryClient={createQueryClient()}>
      <SessionGate>
        <App />
      </SessionGate>
    </Providers>
  </StrictMode>,
);

// The app page's other tabs are chunks of their own; fetch them once the page is idle so a tab
// opens at once. A chunk that fails here is fetched again when its tab is opened.
const preload = () => void preloadDeferred().catch(() => undefined);
if (typeof requestIdleCallback === 'function') requestIdleCallback(preload);
else setTimeout(preload, 1000);
