// Side effects first: zod's settings before any schema exists; the global stylesheet before
// the features' own, so theirs win ties.
import './zod-config';
import './styles/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client';
import { ClientProvider } from './api/client-context';
import { pickTransport } from './api/pick-transport';
import { App } from './app/app';

// Before anything renders: in browser mode this also takes the token out of the URL, and the
// hash router must only ever see the route part of the hash.
const client = createClient(pickTransport());

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <ClientProvider client={client}>
      <App />
    </ClientProvider>
  </StrictMode>,
);
