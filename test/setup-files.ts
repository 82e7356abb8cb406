// Runs before each test file (vitest setupFiles): the file's temporary directories are removed
// after all of its own afterAll hooks (after-hooks run in reverse order of registration, and this
// one is registered first), so planes and servers are stopped before their directories go.
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/temp.js';

afterAll(() => removeTempDirs());
