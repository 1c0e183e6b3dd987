import type { AuditTranslations } from './en';

export const auditPt: AuditTranslations = {
  title: 'Auditoria',
  dates: 'Datas',
  user: 'Usuário',
  anyone: 'Qualquer um',
  action: 'Ação',
  actionPlaceholder: 'ex.: member.removed',
  search: 'Buscar',
  at: 'Quando',
  target: 'Alvo',
  detail: 'Detalhe',
  empty: 'Nada registrado com estes filtros.',
  total: 'Entradas encontradas: {{count}}',
};
