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
    // Scenario files are independent worlds (own emulator, demo server, build folder and browser
    // profile), so two run at once: most of a scenario is waiting on alarms and token lifetimes.
    // Two, not more: this is a 2-core machine, and every bound must hold with the cores busy.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['verbose'],
  },
});
