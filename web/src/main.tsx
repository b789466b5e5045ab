import './styles/base.css';
import './ui/primitives.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { queryClient } from './api/queries';
import { App } from './App';
// Initialises i18next and sets <html lang> from the account, cookie or Accept-Language.
import { i18nReady } from './i18n';
import { AuthGate } from './features/account/AuthGate';
import { applyTheme } from './theme';
// After the app's imports: media queries override the features' rules.
import './styles/responsive.css';

applyTheme();

// The first render waits for the detected language's strings (its own chunk unless English), so the page never
// shows English first; a failed load renders in English.
void i18nReady.finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AuthGate>
            <App />
          </AuthGate>
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
