/** The OIDC issuer of GitHub Actions' tokens, as Fulcio certificates name it. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
