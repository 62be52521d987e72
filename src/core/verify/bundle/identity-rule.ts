// The expected signer as the user typed it, and whether a certificate's SAN is it.
import type { IdentityRule, Parsed } from './types';

/**
 * The expected signer, in one of two forms:
 * - the certificate's SAN as stated (a URL or an email address), matched exactly;
 * - `owner/repo`, `owner/repo:workflow.yml` or `owner/repo:workflow.yml@ref` for GitHub
 *   Actions: the SAN must be `https://github.com/owner/repo/.github/workflows/<file>@<ref>`
 *   (owner and repository case-insensitive, as GitHub treats them), and the issuer
 *   defaults to GitHub Actions' unless one is given.
 */
export function parseIdentityInput(input: string): Parsed<IdentityRule> {
  const text = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text) || /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text)) {
    return { ok: true, value: { kind: 'exact', input: text, san: text, rule: `exactly ${text}` } };
  }
  const short = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)(?::([^@\s]+))?(?:@(\S+))?$/.exec(text);
  if (short) {
    const [, owner = '', repo = '', workflowInput, ref] = short;
    const workflow =
      workflowInput === undefined
        ? undefined
        : workflowInput.includes('/')
          ? workflowInput.replace(/^\/+/, '')
          : `.github/workflows/${workflowInput}`;
    const prefix = `https://github.com/${owner}/${repo}/`;
    const rule = `${prefix}${workflow ?? '.github/workflows/<any workflow>'}@${ref ?? '<any ref>'}`;
    const value: IdentityRule = { kind: 'github', input: text, owner, repo, rule };
    if (workflow !== undefined) value.workflow = workflow;
    if (ref !== undefined) value.ref = ref;
    return { ok: true, value };
  }
  return {
    ok: false,
    message: `"${text.length > 60 ? `${text.slice(0, 60)}…` : text}" is not an identity: give the certificate's SAN as a URL (https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1) or an email address, or owner/repo with an optional :workflow.yml and @ref.`,
  };
}

export function sanMatches(rule: IdentityRule, san: string): boolean {
  if (rule.kind === 'exact') return san === rule.san;
  const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/(.+)@([^@]+)$/.exec(san);
  if (!match) return false;
  const [, owner = '', repo = '', path = '', ref = ''] = match;
  if (owner.toLowerCase() !== rule.owner.toLowerCase() || repo.toLowerCase() !== rule.repo.toLowerCase()) return false;
  if (rule.workflow !== undefined ? path !== rule.workflow : !path.startsWith('.github/workflows/')) return false;
  return rule.ref === undefined || ref === rule.ref;
}
