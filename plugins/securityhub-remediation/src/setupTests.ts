import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Whole-app renders load the page lazily; on a busy 2-core CI runner that can
// take longer than the 1 s default of findBy*/waitFor.
configure({ asyncUtilTimeout: 10_000 });
