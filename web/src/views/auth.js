// Sign in and sign up.

import { api } from '../api.js';
import { h } from '../dom.js';
import { field, fieldErrors, showError } from '../forms.js';
import * as session from '../session.js';

/** Render the sign-in (mode 'login') or sign-up (mode 'signup') form. */
export function renderAuth(main, { mode, navigate, notice }) {
  const signup = mode === 'signup';
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  const email = field({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true });
  const password = field({
    name: 'password',
    label: 'Password',
    type: 'password',
    required: true,
    autocomplete: signup ? 'new-password' : 'current-password',
  });
  const errorBox = h('div', { class: 'alert alert-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, signup ? 'Create account' : 'Sign in');
  const form = h(
    'form',
    { class: 'auth-form', novalidate: true, onsubmit },
    errorBox,
    email.wrap,
    password.wrap,
    submit,
  );

  async function onsubmit(e) {
    e.preventDefault();
    const fields = { email, password };
    for (const f of Object.values(fields)) f.setError('');
    showError(errorBox, null);
    const values = { email: email.input.value.trim(), password: password.input.value };
    if (!values.email || !values.password) {
      if (!values.email) email.setError('Enter your email address.');
      if (!values.password) password.setError('Enter a password.');
      (values.email ? password : email).input.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = signup ? 'Creating account…' : 'Signing in…';
    try {
      if (signup) await api.register(values.email, values.password);
      const tokens = await api.login(values.email, values.password);
      session.setTokens(tokens, values.email);
      navigate(next || '/', { replace: true });
    } catch (err) {
      const perField = fieldErrors(err.details);
      const rest = {};
      for (const [name, message] of Object.entries(perField)) {
        if (fields[name]) fields[name].setError(message);
        else rest[name] = message;
      }
      showError(errorBox, err, rest);
      errorBox.focus?.();
      submit.disabled = false;
      submit.textContent = signup ? 'Create account' : 'Sign in';
    }
  }

  const other = signup
    ? h('p', {}, 'Already have an account? ', h('a', { href: `/login${location.search}`, 'data-link': true }, 'Sign in'))
    : h('p', {}, 'New here? ', h('a', { href: `/signup${location.search}`, 'data-link': true }, 'Create an account'));

  main.append(
    h(
      'section',
      { class: 'auth-card card' },
      h('h1', { tabindex: '-1' }, signup ? 'Create your account' : 'Sign in to ocrflow'),
      h('p', { class: 'muted' }, 'Upload receipts and invoices; get their text and fields back as they are read.'),
      notice ? h('div', { class: 'alert alert-info', role: 'status' }, notice) : null,
      form,
      other,
    ),
  );
  document.title = `${signup ? 'Sign up' : 'Sign in'} · ocrflow`;
  return () => {};
}

function safeNext(value) {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/api/') ? value : null;
}
