/** The service tokens page; `serviceTokens` in the app catalogue. */
export const serviceTokensEn = {
  title: 'Service tokens',
  hint: 'Phone systems and CRMs call the API with these tokens (Authorization: Bearer …). Each reaches only what its scopes allow.',
  new: 'New token',
  name: 'Name',
  scopes: 'Scopes',
  created: 'Created',
  lastUsed: 'Last used',
  status: 'Status',
  never: 'Never',
  active: 'Active',
  revoked: 'Revoked',
  revoke: 'Revoke',
  revokeConfirm: 'Revoke "{{name}}"? Calls with it are refused at once.',
  revokedNow: '"{{name}}" revoked.',
  empty: 'No service tokens yet.',
  create: 'Create',
  scopeRequired: 'Choose at least one scope',
  createdTitle: 'Token created',
  createdHint: 'Copy it now: it is shown only this once.',
  copy: 'Copy',
  copied: 'Copied',
  done: 'Done',
};

export type ServiceTokensTranslations = { [K in keyof typeof serviceTokensEn]: string };
