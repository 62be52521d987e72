// Which version npm installs for a range, as npm-pick-manifest decides it (the
// decision only, without its Node dependencies): a dist-tag names its version; for a
// range, the `latest` tag wins when it satisfies the range (and is not deprecated); otherwise the highest
// satisfying version that is not deprecated, then the highest deprecated one.
// Prereleases satisfy only ranges that name a prerelease (semver's default).
import semverMaxSatisfying from 'semver/ranges/max-satisfying.js';
import semverSatisfies from 'semver/functions/satisfies.js';
import semverValid from 'semver/functions/valid.js';
import type { SpecType } from './spec';

export interface PickableManifest {
  version: string;
  deprecated?: unknown;
}

export interface Pickable {
  'dist-tags'?: Record<string, string>;
  versions: Record<string, PickableManifest>;
}

export function pickVersion(packument: Pickable, fetchSpec: string, type: SpecType): string | undefined {
  const versions = packument.versions;
  const tags = packument['dist-tags'] ?? {};
  if (type === 'tag') {
    const tagged = tags[fetchSpec];
    return tagged && versions[tagged] ? tagged : undefined;
  }
  if (type === 'version') {
    const exact = semverValid(fetchSpec, { loose: true });
    return exact && versions[exact] ? exact : undefined;
  }
  const range = fetchSpec === '' ? '*' : fetchSpec;
  const latest = tags.latest;
  if (
    latest &&
    versions[latest] &&
    !versions[latest]?.deprecated &&
    (range === '*' || semverSatisfies(latest, range, { loose: true }))
  ) {
    return latest;
  }
  const all = Object.keys(versions).filter((v) => semverValid(v, { loose: true }));
  const live = all.filter((v) => !versions[v]?.deprecated);
  return (
    semverMaxSatisfying(live, range, { loose: true }) ?? semverMaxSatisfying(all, range, { loose: true }) ?? undefined
  );
}
