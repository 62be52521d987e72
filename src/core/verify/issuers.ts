/** The OIDC issuer of GitHub Actions' workflow tokens, as Fulcio certificates name it. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
