// The workspace: reads the path and query, signs the user in or not, and
// renders the view. Every view is its own URL, so each page load renders one
// view from its address: bookmarks and shared links show the same thing.
import { graphql, token, signIn, signOut, leaveNotice, takeNotice, developmentToken, RefusedToken } from './api.js';
import { REFERENCE, ME } from './queries.js';
import { h, uid, errorSummary } from './dom.js';
import { setPartnerships } from './format.js';
import * as compare from './views/compare.js';
import * as trend from './views/trend.js';
import * as scrutiny from './views/scrutiny.js';
import * as cdop from './views/cdop.js';
import * as section11 from './views/section11.js';

const VIEWS = {
  '/': compare,
  '/compare': compare,
  '/trend': trend,
  '/scrutiny-coverage': scrutiny,
  '/cdop': cdop,
  '/section-11': section11,
};

const ROLE_TEXT = {
  REGIONAL_ADMIN: 'regional administrator',
  PARTNERSHIP_MANAGER: 'partnership manager',
  AGENCY_LEAD: 'agency safeguarding lead',
  SCRUTINEER: 'scrutineer',
  CDOP_OFFICER: 'CDOP officer',
  ANALYST: 'analyst',
  ANONYMOUS: 'not signed in',
};

function refusedNotice(error) {
  return (
    `You have been signed out because the hub refused your token (${error.message}). ` +
    'You now see published figures only. Sign in again with a new token to see more.'
  );
}

/** Signs out after the hub refused the token, saying why, and starts again. */
export function refused(error) {
  signOut();
  leaveNotice(refusedNotice(error));
  window.location.reload();
}

function markCurrent(path) {
  const current = path === '/' ? '/compare' : path;
  for (const link of document.querySelectorAll('#views a')) {
    if (link.getAttribute('href') === current) {
      link.setAttribute('aria-current', 'page');
      link.parentElement.classList.add('govuk-service-navigation__item--active');
    }
  }
}

async function reference() {
  try {
    return await graphql(REFERENCE);
  } catch (error) {
    if (error instanceof RefusedToken && token()) {
      signOut();
      leaveNotice(refusedNotice(error));
      return graphql(REFERENCE, {}, null);
    }
    throw error;
  }
}

function signInForm(dev) {
  const id = uid('token');
  const group = h('div', { class: 'govuk-form-group' });
  const input = h('textarea', {
    class: 'govuk-textarea',
    id,
    name: 'token',
    rows: '3',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${id}-hint`,
  });
  const error = h('p', { class: 'govuk-error-message', id: `${id}-error`, hidden: true });
  group.append(
    h('label', { class: 'govuk-label govuk-label--s', for: id, text: 'Your access token' }),
    h('div', {
      class: 'govuk-hint',
      id: `${id}-hint`,
      text: 'Paste the bearer token your organisation gave you. It is kept in this browser tab only, and forgotten when you sign out or close the tab.',
    }),
    error,
    input,
  );
  const fail = (message) => {
    group.classList.add('govuk-form-group--error');
    input.classList.add('govuk-textarea--error');
    error.hidden = false;
    error.replaceChildren(h('span', { class: 'govuk-visually-hidden', text: 'Error: ' }), message);
    input.setAttribute('aria-describedby', `${id}-hint ${id}-error`);
    input.focus();
  };
  const attempt = async (value) => {
    const candidate = value.trim().replace(/^Bearer\s+/i, '');
    if (!candidate) return fail('Enter your access token');
    try {
      const { me } = await graphql(ME, {}, candidate);
      if (!me.authenticated) return fail('The hub did not recognise this token');
      signIn(candidate);
      window.location.reload();
    } catch (e) {
      if (e instanceof RefusedToken) {
        const advice = /expired/i.test(e.message) ? 'Ask for a new one.' : 'Check that you copied all of it, or ask for a new one.';
        fail(`The hub refused this token: ${e.message}. ${advice}`);
      }
      else fail(`Could not check the token: ${e.message}`);
    }
  };
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: (event) => {
        event.preventDefault();
        attempt(input.value);
      },
    },
    group,
    h('button', { type: 'submit', class: 'govuk-button', text: 'Sign in' }),
  );
  const devPart =
    dev &&
    h(
      'div',
      {},
      h('p', {
        class: 'govuk-body',
        text: `This hub runs in development, so it offers its development token (${dev.name}, ${dev.role.replaceAll('_', ' ')}).`,
      }),
      h('button', {
        type: 'button',
        class: 'govuk-button govuk-button--secondary',
        onclick: () => attempt(dev.token),
        text: 'Sign in with the development token',
      }),
    );
  return h(
    'details',
    { class: 'govuk-details' },
    h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text', text: 'Sign in' })),
    h('div', { class: 'govuk-details__text' }, devPart, form),
  );
}

async function renderSession(me, notice) {
  const session = document.getElementById('session');
  const parts = [];
  if (notice) parts.push(errorSummary('You have been signed out', notice));
  if (me.authenticated) {
    const scope = me.partnerships.length ? ` for ${me.partnerships.length === 5 ? 'all five partnerships' : me.partnerships.join(', ')}` : '';
    parts.push(
      h(
        'p',
        { class: 'govuk-body', id: 'signed-in' },
        'Signed in as ',
        h('strong', { text: me.name ?? 'an unnamed user' }),
        `, ${ROLE_TEXT[me.role] ?? me.role}${scope}. You see exactly what the API gives this sign-in.`,
      ),
      h('button', {
        type: 'button',
        class: 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0',
        onclick: () => {
          signOut();
          window.location.reload();
        },
        text: 'Sign out',
      }),
    );
  } else {
    parts.push(
      h('p', {
        class: 'govuk-body',
        id: 'signed-out',
        text: 'You are not signed in: you see the published figures, with small numbers suppressed (shown as c).',
      }),
      signInForm(await developmentToken()),
    );
  }
  session.replaceChildren(...parts);
}

async function start() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  const view = VIEWS[path] ?? compare;
  markCurrent(path);
  const container = document.getElementById('view');
  let ref;
  try {
    ref = await reference();
  } catch (error) {
    container.replaceChildren(
      h('h1', { class: 'govuk-heading-l', text: 'Sorry, there is a problem with the service' }),
      h('p', { class: 'govuk-body', text: `The hub could not be reached: ${error.message}. Try again later.` }),
    );
    document.title = 'Sorry, there is a problem – Regional safeguarding data hub';
    return;
  }
  setPartnerships(ref.partnerships);
  await renderSession(ref.me, takeNotice());
  const params = new URLSearchParams(window.location.search);
  try {
    await view.render(container, { ref, params, path });
  } catch (error) {
    if (error instanceof RefusedToken) return refused(error);
    container.replaceChildren(
      h('h1', { class: 'govuk-heading-l', text: 'There is a problem with this view' }),
      errorSummary('The hub could not show these figures', error.message),
      h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: path === '/' ? '/compare' : path, text: 'Start this view again with its usual choices' })),
    );
  }
  document.title = `${container.querySelector('h1')?.textContent ?? 'Workspace'} – Regional safeguarding data hub`;
}

start();
