/**
 * What a person can do to a review request from chat (see actionsFor). Its own
 * module so wording and view models can both name it without importing each other.
 */
export type ChangeAction = 'sign_off' | 'claim' | 'request_changes' | 'override' | 'revoke' | 'explain';
