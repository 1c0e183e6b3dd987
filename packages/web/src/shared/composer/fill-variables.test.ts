import { describe, expect, it } from 'vitest';
import { fillVariables } from './fill-variables';

describe('fillVariables', () => {
  const vars = {
    'customer.name': 'Lucía',
    'customer.number': '+598 99 *** 123',
    'agent.name': 'Ana',
    'campaign.name': 'Ventas',
  };

  it('fills every known variable, as often as it appears', () => {
    expect(fillVariables('Hola {customer.name}, soy {agent.name} de {campaign.name}. {customer.name}?', vars)).toBe(
      'Hola Lucía, soy Ana de Ventas. Lucía?',
    );
    expect(fillVariables('Tu número: {customer.number}', vars)).toBe('Tu número: +598 99 *** 123');
  });

  it('leaves unknown variables as written so a typo stays visible', () => {
    expect(fillVariables('Pedido {order.id} para {customer.nmae}', vars)).toBe(
      'Pedido {order.id} para {customer.nmae}',
    );
  });

  it('turns a known variable without a value into nothing', () => {
    expect(fillVariables('Hola {customer.name}!', { ...vars, 'customer.name': null })).toBe('Hola !');
    expect(fillVariables('[{agent.name}]', {})).toBe('[]');
  });

  it('matches variable names regardless of case and leaves other braces alone', () => {
    expect(fillVariables('{Customer.Name} {not a var} {x}', vars)).toBe('Lucía {not a var} {x}');
  });

  it('does not re-read a value that itself looks like a variable', () => {
    expect(fillVariables('{customer.name}', { 'customer.name': '{agent.name}', 'agent.name': 'Ana' })).toBe(
      '{agent.name}',
    );
  });
});
