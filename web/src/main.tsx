import './styles/base.css';
import './ui/primitives.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { queryClient } from './api/queries';
import { App } from './App';
import { AuthGate } from './features/account/AuthGate';
import { getLang } from './i18n';
import { applyTheme } from './theme';
// After the app's imports: media queries override the features' rules.
import './styles/responsive.css';

applyTheme();
document.documentElement.lang = getLang() === 'zh' ? 'zh-CN' : 'en';

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
);
