import type { SVGProps } from 'react';

/*
 * Line icons drawn inline: emoji glyphs depend on the system's emoji font (many Linux desktops and
 * headless browsers show empty boxes), and the toolbar must be readable everywhere.
 */
function Icon({ size = 18, children, ...props }: SVGProps<SVGSVGElement> & { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      {...props}
    >
      {children}
    </svg>
  );
}

export const SmileIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14.5a4.5 4.5 0 0 0 7 0" />
    <path d="M9 9.5h.01M15 9.5h.01" strokeWidth={3} />
  </Icon>
);

export const PaperclipIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <path d="M20.5 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9" />
  </Icon>
);

export const ClockIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Icon>
);

export const LockIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <rect x="5" y="11" width="14" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </Icon>
);

export const DotsIcon = (p: { size?: number }) => (
  <Icon {...p} fill="currentColor" stroke="none">
    <circle cx="12" cy="5" r="2" />
    <circle cx="12" cy="12" r="2" />
    <circle cx="12" cy="19" r="2" />
  </Icon>
);

export const CheckIcon = (p: { size?: number }) => (
  <Icon {...p} viewBox="0 0 16 16" strokeWidth={1.8}>
    <path d="M2.5 8.5l3.5 3.5 7.5-8" />
  </Icon>
);

/** Two overlapping checks, WhatsApp's "delivered" and (in blue) "read". */
export const DoubleCheckIcon = (p: { size?: number }) => (
  <Icon {...p} viewBox="0 0 20 16" strokeWidth={1.8} width={((p.size ?? 18) * 20) / 16}>
    <path d="M1.5 8.5l3.5 3.5 7.5-8" />
    <path d="M9.5 11.5l.5.5 7.5-8" />
  </Icon>
);

export const WarningIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <path d="M12 3.5l9.5 16.5h-19z" />
    <path d="M12 10v4.5M12 17.5h.01" />
  </Icon>
);

export const SpeakerIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <path d="M11 5L6 9H3v6h3l5 4V5z" />
    <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" />
  </Icon>
);

export const SpeakerOffIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <path d="M11 5L6 9H3v6h3l5 4V5z" />
    <path d="M16 9l5 6M21 9l-5 6" />
  </Icon>
);

export const BackIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <path d="M15 5l-7 7 7 7" />
  </Icon>
);

export const ContactIcon = (p: { size?: number }) => (
  <Icon {...p}>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 21a8 8 0 0 1 16 0" />
  </Icon>
);
