// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { LinkifiedText } from './LinkifiedText';

describe('LinkifiedText', () => {
  it('opens safe links in a new tab without handing over the opener', () => {
    renderWithProviders(<LinkifiedText text="docs at https://example.com/help now" />);
    const link = screen.getByRole('link', { name: 'https://example.com/help' });
    expect(link.getAttribute('href')).toBe('https://example.com/help');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('renders hostile schemes and markup as inert text', () => {
    const hostile = 'javascript:alert(1) data:text/html,<b>x</b> <img src=x onerror=alert(1)>';
    const { container } = renderWithProviders(<LinkifiedText text={hostile} />);
    expect(screen.queryByRole('link')).toBeNull();
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.textContent).toContain(hostile);
  });
});
