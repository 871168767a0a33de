import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'scripts/**/*.test.ts', 'datasets/**/*.test.ts', 'protocols/**/*.test.ts', 'reports/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
  },
});
