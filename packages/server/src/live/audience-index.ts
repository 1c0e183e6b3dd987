import type { Audience, Viewer } from './live-feed';

/** What the index needs of a socket: who is watching, and a mark so one event visits it at most once. */
export interface Indexed {
  viewer: Viewer;
  /** The last visit (see `forEachCandidate`) that reached this entry. */
  visit: number;
}

/**
 * Open sockets by who may be in an event's audience, so an event costs O(its audience) instead of O(every
 * socket): by user id (named agents, and members of a campaign through the membership table), administrators,
 * supervisors of every campaign, and supervisors by the campaigns of their scope.
 *
 * It only narrows: the caller still asks `LiveFeed.sees` of each candidate, so a right checked at use (the
 * membership table is read at each event) is never decided by a stale index. Role and scope are indexed as the
 * entry's viewer says; `update` must be called when the gateway gives an entry a new viewer.
 */
export class AudienceIndex<C extends Indexed> {
  private readonly byUser = new Map<string, Set<C>>();
  private readonly administrators = new Set<C>();
  private readonly supervisorsOfAll = new Set<C>();
  private readonly supervisorsByCampaign = new Map<string, Set<C>>();
  private visits = 0;

  add(c: C): void {
    addTo(this.byUser, c.viewer.id, c);
    this.addStaff(c, c.viewer);
  }

  remove(c: C): void {
    removeFrom(this.byUser, c.viewer.id, c);
    this.removeStaff(c, c.viewer);
  }

  /** Re-files `c` after its viewer changed from `previous` (a supervisor's scope re-read). */
  update(c: C, previous: Viewer): void {
    this.removeStaff(c, previous);
    this.addStaff(c, c.viewer);
  }

  /** The sockets of one user (the per-user limit, sign-out, a changed user). */
  ofUser(userId: string): ReadonlySet<C> {
    return this.byUser.get(userId) ?? NONE;
  }

  /**
   * Calls `visit` once for each entry that may be in `audience` (a superset of who sees it, never a subset);
   * `members` is the campaign's current membership.
   */
  forEachCandidate(audience: Audience, members: (campaignId: string) => ReadonlySet<string>, visit: (c: C) => void) {
    const mark = ++this.visits;
    for (const id of audience.agentIds) visitOnce(this.byUser.get(id), mark, visit);
    if (audience.campaignMembers !== null)
      for (const id of members(audience.campaignMembers)) visitOnce(this.byUser.get(id), mark, visit);
    const staff = audience.staffCampaign;
    if (staff === undefined) return;
    visitOnce(this.administrators, mark, visit);
    if (staff === null) return;
    visitOnce(this.supervisorsOfAll, mark, visit);
    visitOnce(this.supervisorsByCampaign.get(staff), mark, visit);
  }

  /** Entries in the index, counting each place an entry is filed (0 once every socket is gone). */
  get filed(): number {
    let n = this.administrators.size + this.supervisorsOfAll.size;
    for (const set of this.byUser.values()) n += set.size;
    for (const set of this.supervisorsByCampaign.values()) n += set.size;
    return n;
  }

  /** Keys still held (user ids and campaign ids): none once every socket is gone. */
  get keys(): number {
    return this.byUser.size + this.supervisorsByCampaign.size;
  }

  private addStaff(c: C, { role, scope }: Viewer): void {
    if (role === 'administrator') this.administrators.add(c);
    else if (role === 'supervisor') {
      if (scope === 'all') this.supervisorsOfAll.add(c);
      else for (const campaignId of scope) addTo(this.supervisorsByCampaign, campaignId, c);
    }
  }

  private removeStaff(c: C, { role, scope }: Viewer): void {
    if (role === 'administrator') this.administrators.delete(c);
    else if (role === 'supervisor') {
      if (scope === 'all') this.supervisorsOfAll.delete(c);
      else for (const campaignId of scope) removeFrom(this.supervisorsByCampaign, campaignId, c);
    }
  }
}

const NONE: ReadonlySet<never> = new Set();

/**
 * Visits the entries of `set` not yet visited in visit `mark`. A function of the module rather than a closure per
 * event: under tsx every named closure costs a `__name` call (Object.defineProperty) each time it is created,
 * which showed in the profile of the message path (0.6 % of busy time at 800/s).
 */
function visitOnce<C extends Indexed>(set: ReadonlySet<C> | undefined, mark: number, visit: (c: C) => void): void {
  if (!set) return;
  for (const c of set) {
    if (c.visit === mark) continue;
    c.visit = mark;
    visit(c);
  }
}

function addTo<C>(map: Map<string, Set<C>>, key: string, c: C): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(c);
}

// Empty sets go, so users and campaigns that come and go leave nothing behind.
function removeFrom<C>(map: Map<string, Set<C>>, key: string, c: C): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(c);
  if (set.size === 0) map.delete(key);
}
