// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { AttachmentView } from './AttachmentView';

describe('an attachment with nothing to fetch', () => {
  it('shows "Image not yet downloaded" with its type, name and size instead of a broken link', () => {
    renderWithProviders(
      <AttachmentView
        attachment={{ url: null, state: 'pending', mimeType: 'image/jpeg', name: 'foto.jpg', size: 2048 }}
      />,
    );
    const placeholder = screen.getByTestId('attachment-placeholder');
    expect(placeholder.textContent).toContain('Image not yet downloaded');
    expect(placeholder.textContent).toContain('foto.jpg · image/jpeg · 2.0 KB');
    expect(placeholder.querySelector('a, img')).toBeNull();
    expect(screen.queryByTestId('attachment-image')).toBeNull();
  });

  it('names other kinds, and says when the file arrived unreadable', () => {
    renderWithProviders(
      <>
        <AttachmentView attachment={{ url: null, state: 'pending', mimeType: 'audio/ogg; codecs=opus' }} />
        <AttachmentView attachment={{ url: null, state: 'failed', mimeType: 'application/pdf', name: 'f.pdf' }} />
      </>,
    );
    const [audio, pdf] = screen.getAllByTestId('attachment-placeholder');
    expect(audio!.textContent).toContain('Audio not yet downloaded');
    expect(pdf!.textContent).toContain('Document could not be read');
    expect(document.querySelector('a')).toBeNull();
  });
});

describe('an image attachment', () => {
  it('reserves a fixed 220×165 box before the image loads, so loading it cannot shift the message list', () => {
    renderWithProviders(
      <AttachmentView attachment={{ url: '/api/attachments/a1', mimeType: 'image/png', name: 'foto.png' }} />,
    );
    const box = screen.getByTestId('attachment-image');
    expect(box.style.width).toBe('220px');
    expect(box.style.height).toBe('165px');
    const img = box.querySelector('img')!;
    expect(img.style.width).toBe('100%');
    expect(img.style.height).toBe('100%');
    expect(img.style.objectFit).toBe('scale-down');
  });
});
