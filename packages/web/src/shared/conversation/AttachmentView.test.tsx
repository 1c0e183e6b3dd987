// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import type { Attachment } from '@switchboard/protocol';
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

describe('an attachment that finishes downloading', () => {
  it('renders the image in place of the placeholder once it flips from pending to a URL', () => {
    const pending: Attachment = { url: null, state: 'pending', mimeType: 'image/jpeg', size: 850 };
    const view = renderWithProviders(<AttachmentView attachment={pending} />);
    expect(screen.getByTestId('attachment-placeholder')).toBeTruthy();
    expect(screen.queryByTestId('attachment-image')).toBeNull();

    view.rerender(
      <AttachmentView attachment={{ id: 'att1', url: '/api/attachments/att1', mimeType: 'image/jpeg', size: 850 }} />,
    );
    expect(screen.queryByTestId('attachment-placeholder')).toBeNull();
    const link = screen.getByTestId('attachment-image');
    expect(link.getAttribute('href')).toBe('/api/attachments/att1');
    expect(link.querySelector('img')!.getAttribute('src')).toBe('/api/attachments/att1');
  });

  it('plays a downloaded voice note in place, and says why a download failed', () => {
    renderWithProviders(
      <>
        <AttachmentView attachment={{ id: 'v1', url: '/api/attachments/v1', mimeType: 'audio/ogg', name: 'voz.ogg' }} />
        <AttachmentView
          attachment={{
            url: null,
            state: 'failed',
            mimeType: 'image/jpeg',
            reason: 'damaged in transit: the SHA-256 checksum does not match',
          }}
        />
      </>,
    );
    expect(screen.getByTestId('attachment-audio').getAttribute('src')).toBe('/api/attachments/v1');
    expect(screen.getByTestId('attachment-placeholder').textContent).toContain(
      'Image could not be downloaded: damaged in transit: the SHA-256 checksum does not match',
    );
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
