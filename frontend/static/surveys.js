// The surveys: each with its newest version, links to fill it in, to its
// forms and to its submissions; how to connect ODK Collect; and, for
// editors and admins, publishing a new survey or version from an XLSForm.
import {
  $, h, api, upload, ApiError, busy, clearFieldErrors, formatDate, query, requireUser, sentence, setFieldError,
  showContent, showProblem, showStatus,
} from './api.js';

export const KINDS = {
  provider_mapping: 'Maps providers into the directory',
  feedback: 'Anonymous feedback',
  general: 'General survey',
};

const pageStatus = $('#page-status');
let me = null;

const submitter = (u) => ['admin', 'editor', 'collector'].includes(u.role);
const reviewer = (u) => ['admin', 'editor'].includes(u.role);
const analyst = (u) => ['admin', 'editor', 'researcher'].includes(u.role);

function surveyItem(s) {
  const v = s.latest_version || {};
  const id = encodeURIComponent(s.form_id);
  const links = [];
  if (s.kind === 'feedback') {
    // A feedback test's survey is answered through the test: consent,
    // masking of free text and task success are checked there.
    links.push(h('a', { class: 'button button-small', href: '/feedback', 'data-testid': 'to-feedback' }, 'Feedback tests'));
  } else if (submitter(me)) {
    links.push(h('a', { class: 'button button-small', href: '/surveys/fill' + query({ survey: s.form_id }),
      'data-testid': 'fill', 'aria-label': `Fill in ${s.title}` }, 'Fill in'));
    links.push(h('a', { class: 'button button-small button-secondary', href: '/submissions' + query({ survey: s.form_id }),
      'data-testid': 'survey-submissions', 'aria-label': `Submissions of ${s.title}` }, 'Submissions'));
  }
  if (analyst(me)) {
    links.push(h('a', { class: 'button button-small button-secondary', href: '/surveys/analytics' + query({ survey: s.form_id }),
      'data-testid': 'survey-analytics', 'aria-label': `Analytics of ${s.title}` }, 'Analytics'));
  }
  return h(
    'li',
    { class: 'result survey', 'data-form-id': s.form_id },
    h('h3', { class: 'result-name' }, s.title || s.form_id),
    h('p', { class: 'result-tags' }, h('span', { class: 'tag tag-role' }, KINDS[s.kind] || s.kind)),
    h('dl', { class: 'facts survey-facts' },
      h('dt', {}, 'Form ID'), h('dd', {}, h('code', {}, s.form_id)),
      h('dt', {}, 'Version'), h('dd', { 'data-testid': 'survey-version' },
        `${v.number || 1}, published ${formatDate(v.created_at)}`,
        v.created_by ? ` by ${v.created_by}` : '')),
    links.length ? h('p', { class: 'result-actions' }, ...links) : null,
    h('p', { class: 'survey-downloads' }, 'Download: ',
      h('a', { href: `/api/v1/surveys/${id}/xlsform`, download: `${s.form_id}.xlsx`, 'data-testid': 'download-xlsform' }, 'XLSForm (.xlsx)'),
      ' · ',
      h('a', { href: `/api/v1/surveys/${id}/xform`, download: `${s.form_id}.xml`, 'data-testid': 'download-xform' }, 'XForm (.xml)')),
  );
}

async function loadSurveys() {
  const res = await api('GET', '/surveys');
  const items = res.items || [];
  $('#surveys').replaceChildren(...items.map(surveyItem));
  $('#surveys-empty').hidden = items.length > 0;
}

// ------------------------------------------------------------------ upload

const form = $('#upload-form');
const result = $('#upload-result');

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  result.hidden = true;
  const file = form.elements.file.files[0];
  if (!file) {
    setFieldError(form, 'file', 'Choose the XLSForm file to publish.');
    form.elements.file.focus();
    return;
  }
  const data = new FormData();
  data.append('file', file);
  try {
    const v = await busy($('#u-submit'), 'Publishing…', () => upload('/surveys', data));
    const warnings = v.warnings || [];
    showStatus(result, 'success',
      `Published version ${v.number} of the survey from ${file.name}.` +
        (warnings.length ? ` Check ${warnings.length === 1 ? 'this warning' : `these ${warnings.length} warnings`}:` : ''),
      warnings);
    form.reset();
    await loadSurveys();
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && err.fields.length) {
      // Problems of the workbook, by sheet and cell (survey!C12).
      const n = err.fields.length;
      showStatus(result, 'error',
        `${file.name} was not published: fix ${n === 1 ? 'this problem' : `these ${n} problems`} in the spreadsheet and upload it again.`,
        err.fields.map((f) => (f.field ? `${f.field}: ${sentence(f.message)}` : sentence(f.message))));
      result.querySelector('.status-list')?.setAttribute('data-testid', 'upload-errors');
      return;
    }
    showProblem(err, result);
  }
});

// ------------------------------------------------------------------- start

async function start() {
  me = await requireUser();
  try {
    await loadSurveys();
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, pageStatus);
    return;
  }
  if (submitter(me)) {
    $('#odk').hidden = false;
    $('#odk-url').textContent = `${location.origin}/openrosa`;
    $('#odk-user').textContent = me.email;
    const sub = $('#to-submissions');
    sub.hidden = false;
    if (reviewer(me)) {
      sub.textContent = 'Review submissions';
      sub.href = '/submissions' + query({ status: 'submitted' });
    } else {
      sub.textContent = 'My submissions';
    }
  }
  $('#upload').hidden = !reviewer(me);
  if (reviewer(me)) {
    $('#surveys-lead').textContent =
      'The forms field teams fill in. Each survey keeps every version it had; publish a new one at the bottom of the page.';
  }
  showContent();
}

start();
