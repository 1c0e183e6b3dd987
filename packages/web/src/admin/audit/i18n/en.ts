/** The audit log strings; `audit` in the app catalogue. */
export const auditEn = {
  title: 'Audit log',
  dates: 'Dates',
  user: 'User',
  anyone: 'Anyone',
  action: 'Action',
  actionPlaceholder: 'e.g. member.removed',
  search: 'Search',
  at: 'When',
  target: 'Target',
  detail: 'Detail',
  empty: 'Nothing recorded for these filters.',
  total: 'Entries found: {{count}}',
};

export type AuditTranslations = { [K in keyof typeof auditEn]: string };
