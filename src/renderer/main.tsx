import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getBridge } from './data/bridge';
import { createQueryClient } from './data/queryClient';
import { App } from './app/App';
import { Providers } from './app/Providers';
import { SessionGate } from './app/NoSession';
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
