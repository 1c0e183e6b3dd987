import { randomBytes } from 'node:crypto';
import type { CampaignCreate } from '@switchboard/protocol';
import type { Services } from '../services';

/** Demo only, printed at seeding and in the README: never a real deployment's password. */
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_PROVIDER_NAME = 'HeyNow demo';
export const DEMO_AGENTS = [
  { username: 'ana', displayName: 'Ana Pereira' },
  { username: 'bruno', displayName: 'Bruno Silva' },
  { username: 'carla', displayName: 'Carla Gómez' },
] as const;
export const DEMO_SUPERVISOR = { username: 'sofia', displayName: 'Sofía Rodríguez' } as const;

export interface SeededDemo {
  providerId: string;
  partnerToken: string;
  campaignIds: string[];
}

function ventas(providerId: string): CampaignCreate {
  return {
    name: 'Ventas',
    skills: ['ventas', 'compras'],
    providerIds: [providerId],
    strategy: 'nocall',
    deliveryMode: 'rrmemory',
    maxInteractionsPerAgent: 3,
    messages: {
      welcome: '¡Hola! Gracias por escribir a Ventas. En breve te atiende una persona del equipo.',
      outOfTime: 'Ventas atiende de lunes a viernes de 9 a 18. Escribinos en ese horario.',
      notAvailable: 'En este momento no hay vendedores disponibles. Probá de nuevo más tarde.',
    },
    cannedResponses: [
      {
        title: 'Saludo',
        shortcut: '/hola',
        text: '¡Hola {customer.name}! Soy {agent.name} de {campaign.name}, ¿en qué te puedo ayudar? 😊',
      },
      {
        title: 'Precios',
        shortcut: '/precios',
        text: 'Te paso la lista de precios actualizada, {customer.name}. ¿Qué producto te interesa?',
      },
      {
        title: 'Despedida',
        shortcut: '/chau',
        text: 'Gracias por tu consulta, {customer.name}. ¡Que tengas un buen día! 👋',
      },
    ],
    dispositions: [
      {
        name: 'Ventas',
        children: [
          { name: 'Consulta', children: [{ name: 'Precio' }, { name: 'Stock' }, { name: 'Envío' }] },
          { name: 'Compra', children: [{ name: 'Contado' }, { name: 'Tarjeta' }] },
        ],
      },
      { name: 'Reclamo', children: [{ name: 'Entrega', children: [{ name: 'Demora' }, { name: 'Producto dañado' }] }] },
      { name: 'Otro' },
    ],
  };
}

function soporte(providerId: string): CampaignCreate {
  return {
    name: 'Soporte',
    skills: ['soporte', 'default'],
    providerIds: [providerId],
    strategy: 'ringall',
    deliveryMode: 'linear',
    maxInteractionsPerAgent: 2,
    messages: {
      welcome: 'Hola, estás en la cola de Soporte. Un agente va a tomar tu consulta.',
      outOfTime: 'Soporte está cerrado ahora. Escribinos más tarde.',
      notAvailable: 'No hay agentes de soporte disponibles en este momento.',
    },
    cannedResponses: [
      {
        title: 'Reinicio',
        shortcut: '/reinicio',
        text: '{customer.name}, probá reiniciar el equipo y contame si sigue pasando.',
      },
    ],
  };
}

/** True when nothing has been configured yet: the demo never writes over someone's own data. */
export async function isUnconfigured(services: Services): Promise<boolean> {
  const [providers, campaigns] = await Promise.all([services.providers.list(), services.campaigns.list()]);
  return providers.length === 0 && campaigns.length === 0;
}

/** The demo's provider (pointing at the mock), two campaigns, three agents as members and a supervisor. */
export async function seedDemoData(
  services: Services,
  mockUrl: string,
  password: string = DEMO_PASSWORD,
): Promise<SeededDemo> {
  const partnerToken = randomBytes(24).toString('hex');
  const provider = await services.providers.create({
    kind: 'heynow-direct',
    name: DEMO_PROVIDER_NAME,
    domain: mockUrl,
    platformId: '59800000000',
    partnerToken,
  });
  const campaigns = [
    await services.campaigns.create(ventas(provider.id)),
    await services.campaigns.create(soporte(provider.id)),
  ];
  const campaignIds = campaigns.map((c) => c.id);
  const agents = [];
  for (const a of DEMO_AGENTS) agents.push(await services.users.create({ ...a, role: 'agent', password }));
  await services.members.change({ campaignIds, add: agents.map((a) => a.id) });
  await services.users.create({ ...DEMO_SUPERVISOR, role: 'supervisor', password, campaignIds });
  services.campaignDirectory.invalidate();
  services.bus.emit('configuration.changed', { campaignIds });
  return { providerId: provider.id, partnerToken, campaignIds };
}
