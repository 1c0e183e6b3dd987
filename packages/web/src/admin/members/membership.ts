import type { Member, User } from '@switchboard/protocol';

export interface Person {
  agentId: string;
  username: string;
  displayName: string;
  /** In how many of the selected campaigns the agent already is. */
  memberOf: number;
  enabled: boolean;
}

/**
 * Splits people for the Members screen: members of every selected campaign on one side, and everyone
 * not yet in all of them (with how many they are in) on the other.
 */
export function splitMembership(
  agents: readonly User[],
  memberLists: readonly Member[][],
): { members: Person[]; others: Person[] } {
  const selected = memberLists.length;
  const people = new Map<string, Person>();
  for (const a of agents) {
    people.set(a.id, {
      agentId: a.id,
      username: a.username,
      displayName: a.displayName,
      memberOf: 0,
      enabled: a.enabled,
    });
  }
  for (const list of memberLists) {
    for (const m of list) {
      const known = people.get(m.agentId);
      if (known) known.memberOf += 1;
      else
        people.set(m.agentId, {
          agentId: m.agentId,
          username: m.username,
          displayName: m.displayName,
          memberOf: 1,
          enabled: true,
        });
    }
  }
  const byName = (a: Person, b: Person) => a.displayName.localeCompare(b.displayName);
  const all = [...people.values()].sort(byName);
  return {
    members: selected === 0 ? [] : all.filter((p) => p.memberOf === selected),
    others: all.filter((p) => selected === 0 || p.memberOf < selected),
  };
}

/** The member order after moving one agent from `from` to `to` (indexes in the current order). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item === undefined || to < 0 || to > list.length - 1) return [...list];
  next.splice(to, 0, item);
  return next;
}
