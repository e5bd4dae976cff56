// Where policy versions and the catalog come from. Activities read them; the workflow only ever
// sees the terms resolved at start (pinned in history).
import { parsePolicyVersion, parsePolicyVersions } from './policy-schema';
import type { CatalogItem, PolicyVersion } from '../domain/types';

export interface PolicySource {
  versions(): Promise<PolicyVersion[]>;
  catalog(): Promise<CatalogItem[]>;
}

/** In-process source; `publish` adds a version (used by tests and the admin seed). Versions are checked as they come in. */
export class StaticPolicySource implements PolicySource {
  private readonly policyVersions: PolicyVersion[];
  private readonly items: CatalogItem[];

  constructor(versions: PolicyVersion[], catalog: CatalogItem[]) {
    this.policyVersions = parsePolicyVersions(versions, 'the in-process policy source');
    this.items = [...catalog];
  }

  async versions(): Promise<PolicyVersion[]> {
    return this.policyVersions;
  }

  async catalog(): Promise<CatalogItem[]> {
    return this.items;
  }

  publish(version: PolicyVersion, catalog?: CatalogItem[]): void {
    this.policyVersions.push(parsePolicyVersion(version, 'a published policy'));
    if (catalog) this.items.splice(0, this.items.length, ...catalog);
  }
}
