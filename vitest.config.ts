import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql 16 ships CommonJS and ESM copies; Node (and so Yoga) loads the CommonJS
  // one, and the tests must share it or `instanceof GraphQLError` fails across them.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
