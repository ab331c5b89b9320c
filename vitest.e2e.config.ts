import './tests/node20.ts';
import { defineConfig } from 'vitest/config';

// Real Chromium with the built extension (npm run build first; `npm test` does).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});
