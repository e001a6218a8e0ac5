import '@testing-library/jest-dom';

// Rendering MUI tables and recharts in jsdom takes seconds per test on a cold, loaded 2-core CI
// machine (MetricsContent took 47 s for its file there): jest's 5 s default is not a real bound.
jest.setTimeout(30_000);
