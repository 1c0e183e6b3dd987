import { configure } from '@testing-library/dom';

// findBy*/waitFor give up after 1 s by default. Test files run three at a time on two cores, and a busy jsdom
// render can take longer than that; a real failure still fails, just after 5 s instead of 1 s.
configure({ asyncUtilTimeout: 5_000 });
