import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getBridge } from './bridge';
import { createQueryClient } from './data/queryClient';
import { App } from './shell/App';
import { Providers } from './shell/Providers';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <Providers bridge={getBridge()} queryClient={createQueryClient()}>
      <App />
    </Providers>
  </StrictMode>,
);
