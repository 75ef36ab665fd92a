/**
 * Who may sign in and what they may do: accounts with roles, form login for pages, bearer tokens for API clients,
 * throttling of failed sign-ins, self-registration by invitation code and the onboarding of new operators.
 */
package io.enjoyspace.identity;
