import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
    // The browser tests load the engine harness from the built output too.
    rollupOptions: {
      input: {
        main: 'index.html',
        harness: 'tests/browser/harness.html',
      },
    },
  },
  worker: { format: 'es' },
});
