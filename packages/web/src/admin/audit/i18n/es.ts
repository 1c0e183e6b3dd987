import type { AuditTranslations } from './en';

export const auditEs: AuditTranslations = {
  title: 'Auditoría',
  dates: 'Fechas',
  user: 'Usuario',
  anyone: 'Cualquiera',
  action: 'Acción',
  actionPlaceholder: 'p. ej. member.removed',
  search: 'Buscar',
  at: 'Cuándo',
  target: 'Objeto',
  detail: 'Detalle',
  empty: 'Nada registrado con estos filtros.',
  total: 'Entradas encontradas: {{count}}',
};
