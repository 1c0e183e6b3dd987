import { describe, expect, it } from 'vitest';
import { fillCannedResponse, findCanned } from './canned-response';

const vars = {
  customer: { name: 'Ana', number: '+59898765123' },
  agent: { name: 'Bruno' },
  campaign: { name: 'Ventas' },
};

describe('fillCannedResponse', () => {
  it('fills every known variable, emoji included', () => {
    expect(
      fillCannedResponse('Hola {customer.name} 👋, soy {agent.name} de {campaign.name} ({customer.number})', vars),
    ).toBe('Hola Ana 👋, soy Bruno de Ventas (+59898765123)');
  });

  it('accepts any letter case and inner spaces in the braces', () => {
    expect(fillCannedResponse('Hola { Customer.Name }', vars)).toBe('Hola Ana');
  });

  it('leaves unknown variables as written', () => {
    expect(fillCannedResponse('Pedido {order.id} para {customer.name}', vars)).toBe('Pedido {order.id} para Ana');
    expect(fillCannedResponse('Precio {total}', vars)).toBe('Precio {total}');
  });

  it('fills a missing value with nothing and tidies the space it leaves', () => {
    const noName = { ...vars, customer: { number: '+598' } };
    expect(fillCannedResponse('Hola {customer.name}, ¿en qué te ayudo?', noName)).toBe('Hola, ¿en qué te ayudo?');
    expect(fillCannedResponse('Gracias {customer.name}!', noName)).toBe('Gracias!');
    expect(fillCannedResponse('{customer.name} bienvenida', noName)).toBe('bienvenida');
    expect(fillCannedResponse('Hola {customer.name} y adiós', noName)).toBe('Hola y adiós');
    expect(fillCannedResponse('Hola {customer.name}', { customer: { name: '  ' } })).toBe('Hola');
  });
});

describe('findCanned', () => {
  const list = [
    { shortcut: '/saludo-largo', title: 'Saludo largo' },
    { shortcut: '/precio', title: 'Precios' },
    { shortcut: '/saludo', title: 'Saludo' },
  ];

  it('lists shortcuts starting with what is typed, the exact one first', () => {
    expect(findCanned(list, '/sal').map((c) => c.shortcut)).toEqual(['/saludo', '/saludo-largo']);
    expect(findCanned(list, '/saludo').map((c) => c.shortcut)).toEqual(['/saludo', '/saludo-largo']);
    expect(findCanned(list, '/SAL')).toHaveLength(2);
  });

  it('lists everything for a lone slash and nothing for ordinary text', () => {
    expect(findCanned(list, '/')).toHaveLength(3);
    expect(findCanned(list, 'saludo')).toEqual([]);
    expect(findCanned(list, '/saludo extra')).toEqual([]);
    expect(findCanned(list, '/zz')).toEqual([]);
  });
});
