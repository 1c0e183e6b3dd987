import type { ReactElement, ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { matchRoute, requestViolations, responseViolations, routeList } from '@switchboard/protocol';
import { afterEach } from 'vitest';
import { i18n } from '../i18n';
import { theme } from '../theme';

// jsdom lacks the layout APIs Mantine touches.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
if (!('fonts' in document) || !document.fonts) {
  Object.defineProperty(document, 'fonts', { value: { addEventListener() {}, removeEventListener() {} } });
}

void i18n.changeLanguage('en');
afterEach(cleanup);

export function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.pathname}</div>;
}

/** Renders with the app's providers; `env="test"` turns off Mantine's transitions and portals. */
export function renderWithProviders(ui: ReactElement, options: { path?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MantineProvider theme={theme} env="test">
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[options.path ?? '/']}>{children}</MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
  return { client, ...render(ui, { wrapper }) };
}

type Route = (init: RequestInit | undefined, url: string) => { status: number; body?: unknown };

/** Requests and answers of the fakes that break the route table; each fails the test that made them. */
const violations: string[] = [];
/** Takes the breaches recorded so far (for the fake's own tests); the rest fail their test after it. */
export function takeViolations(): string[] {
  return violations.splice(0);
}
afterEach(() => {
  const found = takeViolations();
  if (found.length > 0) throw new Error(`The fake server saw calls outside the contract:\n${found.join('\n')}`);
});

/**
 * A fetch double answering by "METHOD /path" (the concrete path, e.g. `GET /api/interactions/i1`). It plays the
 * server's contract: a URL that is no route of the table, a request the route would refuse, a route the test
 * gave no answer for, or an answer of the wrong shape fails the test, so a fake cannot drift from the server.
 */
export function fakeFetch(routes: Record<string, Route>) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const body: unknown = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, url, body });
    const where = `${method} ${url}`;
    const fail = (problem: string) => {
      violations.push(`${where}: ${problem}`);
      throw new Error(`${where}: ${problem}`);
    };
    const parsed = new URL(url, 'http://app.test');
    const match = matchRoute(routeList, method, parsed.pathname);
    if (!match) return fail('no route of the table has this method and path');
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of parsed.searchParams) {
      const seen = query[name];
      query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    const wrongRequest = requestViolations(match.entry, { params: match.params, query, body });
    if (wrongRequest.length > 0) return fail(`the server would refuse it (${wrongRequest.join('; ')})`);
    const route = routes[`${method} ${parsed.pathname}`];
    if (!route) return fail(`the test gives no answer for ${match.entry.name}`);
    const answer = route(init, url);
    const wrongAnswer = responseViolations(match.entry, answer.status, answer.body);
    if (wrongAnswer.length > 0) return fail(`the fake answers what the server never would (${wrongAnswer.join('; ')})`);
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, calls };
}
