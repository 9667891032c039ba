// The steps of a feedback test, one screen at a time, as a participant goes
// through them — on their own phone (participant.js) or with a facilitator
// (feedback-facilitate.js). Small on purpose: no framework, one screen in
// the page at once, big tap targets, every control labelled, and every text
// marked with its language so screen readers read Thai and Burmese right.
//
// The flow keeps nothing about the person: what it sends is the response
// (see feedback.ResponseInput), with an instance ID made once so that a
// retry stores it once.

/** Builds an element; strings become text nodes, never HTML. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const LANGS = [
  { code: 'en', name: 'English' },
  { code: 'th', name: 'ไทย' },
  { code: 'my', name: 'မြန်မာ' },
];

// The page's own words, in each language.
const UI = {
  en: {
    chooseLanguage: 'Choose your language',
    before: 'Before you start',
    intro: 'We are testing a directory of services for people who need help. We want to know if it is easy to use. This is not an exam: there are no wrong answers about you.',
    anonymous: 'Your answers are anonymous. We do not keep your name, phone number, e-mail, or where you are. Please do not write names.',
    agree: 'I agree to take part',
    agreeFacilitated: 'The participant agrees to take part',
    decline: 'I do not want to take part',
    continue: 'Continue',
    next: 'Next',
    back: 'Back',
    declined: 'Thank you. Nothing was stored.',
    aboutYou: 'About you',
    aboutHint: 'Only the group is needed. Everything else you may skip.',
    group: 'Which group are you in?',
    skip: 'Skip',
    task: 'Task',
    of: 'of',
    taskHow: 'Look in the directory below. Tick the services you would contact for this person.',
    difficulty: 'How hard was this?',
    directory: 'Directory',
    choose: 'I would contact this one',
    noneChosen: 'Tick at least one service, or press Next if you could not find one.',
    rate: 'What do you think of this directory?',
    sections: 'The information pages',
    understood: 'Did you understand this part?',
    useful: 'Was this part useful?',
    comment: 'Anything to say about this part? (do not write names)',
    compare: 'Other versions of the directory',
    compareHint: 'Look at the other version. Which would you give to a friend who needs help?',
    preferred: 'Which directory would you give to a friend who needs help?',
    needs: 'Anything missing or wrong?',
    unmet: 'What did you need that you could not find?',
    unmetHint: 'Choose a kind of help and an area. You may add several, or none.',
    kind: 'Kind of help',
    area: 'Area',
    addNeed: 'Add a need',
    problems: 'Is something wrong with an entry?',
    problemsHint: 'For example a phone number that does not work, or a place that has closed.',
    entry: 'Entry',
    whatWrong: 'What is wrong?',
    note: 'What happened? (do not write names)',
    addProblem: 'Add a problem',
    remove: 'Remove',
    last: 'Last question',
    freeText: 'Anything else you want to tell us?',
    freeTextHint: 'Please do not write names, phone numbers or e-mail addresses.',
    send: 'Send my answers',
    sending: 'Sending…',
    thanks: 'Thank you! Your answers were sent.',
    thanksQueued: 'Saved on this device. They will be sent when there is a connection.',
    failed: 'Your answers could not be sent. Check your connection and try again.',
    retry: 'Try again',
    required: 'Please choose one.',
    call: 'Phone',
    free: 'Free',
    walkIn: 'Walk in',
    referral: 'Referral needed',
    for: 'For',
    ages: 'ages',
    women: 'women and girls',
    men: 'men and boys',
    version: 'Version',
    nextParticipant: 'Next participant',
    asPublished: 'Open this directory as it will be given out (new tab)',
  },
  th: {
    chooseLanguage: 'เลือกภาษา',
    before: 'ก่อนเริ่ม',
    intro: 'เรากำลังทดสอบสมุดรายชื่อบริการสำหรับผู้ที่ต้องการความช่วยเหลือ เราอยากรู้ว่าใช้งานง่ายหรือไม่ นี่ไม่ใช่การสอบ ไม่มีคำตอบที่ผิด',
    anonymous: 'คำตอบของคุณไม่ระบุตัวตน เราไม่เก็บชื่อ เบอร์โทรศัพท์ อีเมล หรือตำแหน่งของคุณ กรุณาอย่าเขียนชื่อ',
    agree: 'ฉันยินยอมเข้าร่วม',
    agreeFacilitated: 'ผู้เข้าร่วมยินยอมเข้าร่วม',
    decline: 'ฉันไม่ต้องการเข้าร่วม',
    continue: 'ต่อไป',
    next: 'ถัดไป',
    back: 'ย้อนกลับ',
    declined: 'ขอบคุณ ไม่มีการเก็บข้อมูลใด ๆ',
    aboutYou: 'เกี่ยวกับคุณ',
    aboutHint: 'ต้องตอบเฉพาะกลุ่ม ข้ออื่นข้ามได้',
    group: 'คุณอยู่ในกลุ่มใด',
    skip: 'ข้าม',
    task: 'งาน',
    of: 'จาก',
    taskHow: 'ดูสมุดรายชื่อด้านล่าง แล้วเลือกบริการที่คุณจะติดต่อให้บุคคลนี้',
    difficulty: 'ยากแค่ไหน',
    directory: 'สมุดรายชื่อ',
    choose: 'ฉันจะติดต่อที่นี่',
    noneChosen: 'เลือกอย่างน้อยหนึ่งบริการ หรือกดถัดไปถ้าหาไม่พบ',
    rate: 'คุณคิดอย่างไรกับสมุดรายชื่อนี้',
    sections: 'หน้าข้อมูล',
    understood: 'คุณเข้าใจส่วนนี้หรือไม่',
    useful: 'ส่วนนี้มีประโยชน์หรือไม่',
    comment: 'มีความเห็นเกี่ยวกับส่วนนี้หรือไม่ (อย่าเขียนชื่อ)',
    compare: 'สมุดรายชื่อฉบับอื่น',
    compareHint: 'ดูฉบับอื่น คุณจะให้ฉบับไหนแก่เพื่อนที่ต้องการความช่วยเหลือ',
    preferred: 'คุณจะให้สมุดรายชื่อเล่มไหนแก่เพื่อนที่ต้องการความช่วยเหลือ',
    needs: 'มีอะไรขาดหรือผิดไหม',
    unmet: 'คุณต้องการอะไรที่หาไม่พบ',
    unmetHint: 'เลือกประเภทความช่วยเหลือและพื้นที่ เพิ่มได้หลายรายการ หรือไม่เพิ่มก็ได้',
    kind: 'ประเภทความช่วยเหลือ',
    area: 'พื้นที่',
    addNeed: 'เพิ่มความต้องการ',
    problems: 'ข้อมูลของหน่วยงานใดไม่ถูกต้องหรือไม่',
    problemsHint: 'เช่น เบอร์โทรศัพท์ใช้ไม่ได้ หรือสถานที่ปิดแล้ว',
    entry: 'หน่วยงาน',
    whatWrong: 'ผิดอย่างไร',
    note: 'เกิดอะไรขึ้น (อย่าเขียนชื่อ)',
    addProblem: 'เพิ่มปัญหา',
    remove: 'ลบ',
    last: 'คำถามสุดท้าย',
    freeText: 'มีอะไรอยากบอกเราอีกไหม',
    freeTextHint: 'กรุณาอย่าเขียนชื่อ เบอร์โทรศัพท์ หรืออีเมล',
    send: 'ส่งคำตอบ',
    sending: 'กำลังส่ง…',
    thanks: 'ขอบคุณ ส่งคำตอบแล้ว',
    thanksQueued: 'บันทึกไว้ในเครื่องนี้แล้ว จะส่งเมื่อมีสัญญาณ',
    failed: 'ส่งคำตอบไม่สำเร็จ ตรวจสอบการเชื่อมต่อแล้วลองอีกครั้ง',
    retry: 'ลองอีกครั้ง',
    required: 'กรุณาเลือกหนึ่งข้อ',
    call: 'โทร',
    free: 'ฟรี',
    walkIn: 'เดินเข้าไปได้',
    referral: 'ต้องมีการส่งต่อ',
    for: 'สำหรับ',
    ages: 'อายุ',
    women: 'ผู้หญิงและเด็กหญิง',
    men: 'ผู้ชายและเด็กชาย',
    version: 'ฉบับ',
    nextParticipant: 'ผู้เข้าร่วมคนถัดไป',
    asPublished: 'เปิดสมุดรายชื่อนี้แบบที่จะแจกจริง (แท็บใหม่)',
  },
  my: {
    chooseLanguage: 'ဘာသာစကား ရွေးပါ',
    before: 'မစတင်မီ',
    intro: 'အကူအညီလိုအပ်သူများအတွက် ဝန်ဆောင်မှုလမ်းညွှန်ကို စမ်းသပ်နေပါသည်။ အသုံးပြုရ လွယ်ကူသလား သိချင်ပါသည်။ ဤသည်မှာ စာမေးပွဲ မဟုတ်ပါ။',
    anonymous: 'သင့်အဖြေများသည် အမည်မဖော်ပါ။ သင့်အမည်၊ ဖုန်းနံပါတ်၊ အီးမေးလ် သို့မဟုတ် သင်ရှိရာနေရာကို မသိမ်းပါ။ အမည်များ မရေးပါနှင့်။',
    agree: 'ပါဝင်ရန် သဘောတူပါသည်',
    agreeFacilitated: 'ပါဝင်သူက ပါဝင်ရန် သဘောတူပါသည်',
    decline: 'မပါဝင်လိုပါ',
    continue: 'ဆက်သွားရန်',
    next: 'နောက်တစ်ခု',
    back: 'နောက်သို့',
    declined: 'ကျေးဇူးတင်ပါသည်။ ဘာမှ မသိမ်းထားပါ။',
    aboutYou: 'သင့်အကြောင်း',
    aboutHint: 'အုပ်စုကိုသာ ဖြေရန်လိုသည်။ ကျန်သည်များကို ကျော်နိုင်သည်။',
    group: 'သင် မည်သည့်အုပ်စုတွင် ပါဝင်သနည်း။',
    skip: 'ကျော်ရန်',
    task: 'လုပ်ငန်း',
    of: '/',
    taskHow: 'အောက်ပါ လမ်းညွှန်ကို ကြည့်ပါ။ ဤလူအတွက် ဆက်သွယ်မည့် ဝန်ဆောင်မှုများကို အမှန်ခြစ်ပါ။',
    difficulty: 'ဘယ်လောက် ခက်ခဲသလဲ။',
    directory: 'လမ်းညွှန်',
    choose: 'ဤနေရာကို ဆက်သွယ်မည်',
    noneChosen: 'ဝန်ဆောင်မှု အနည်းဆုံးတစ်ခု ရွေးပါ၊ သို့မဟုတ် ရှာမတွေ့ပါက နောက်တစ်ခုကို နှိပ်ပါ။',
    rate: 'ဤလမ်းညွှန်ကို ဘယ်လိုထင်သလဲ။',
    sections: 'သတင်းအချက်အလက် စာမျက်နှာများ',
    understood: 'ဤအပိုင်းကို နားလည်ပါသလား။',
    useful: 'ဤအပိုင်းသည် အသုံးဝင်ပါသလား။',
    comment: 'ဤအပိုင်းအကြောင်း ပြောစရာရှိပါသလား။ (အမည်များ မရေးပါနှင့်)',
    compare: 'လမ်းညွှန်၏ အခြားဗားရှင်းများ',
    compareHint: 'အခြားဗားရှင်းကို ကြည့်ပါ။ အကူအညီလိုသော သူငယ်ချင်းကို မည်သည့်တစ်ခု ပေးမည်နည်း။',
    preferred: 'အကူအညီလိုအပ်သော သူငယ်ချင်းကို မည်သည့်လမ်းညွှန်ကို ပေးမည်နည်း။',
    needs: 'လိုအပ်နေသည် သို့မဟုတ် မှားနေသည်များ ရှိပါသလား။',
    unmet: 'သင် လိုအပ်သော်လည်း ရှာမတွေ့ခဲ့သည်မှာ ဘာလဲ။',
    unmetHint: 'အကူအညီ အမျိုးအစားနှင့် နေရာဒေသကို ရွေးပါ။',
    kind: 'အကူအညီ အမျိုးအစား',
    area: 'နေရာဒေသ',
    addNeed: 'လိုအပ်ချက် ထည့်ရန်',
    problems: 'အဖွဲ့အစည်းတစ်ခုခု၏ အချက်အလက် မှားနေပါသလား။',
    problemsHint: 'ဥပမာ ဖုန်းနံပါတ် မရခြင်း၊ နေရာ ပိတ်သွားခြင်း။',
    entry: 'အဖွဲ့အစည်း',
    whatWrong: 'ဘာမှားနေသလဲ။',
    note: 'ဘာဖြစ်ခဲ့သလဲ။ (အမည်များ မရေးပါနှင့်)',
    addProblem: 'ပြဿနာ ထည့်ရန်',
    remove: 'ဖယ်ရှားရန်',
    last: 'နောက်ဆုံးမေးခွန်း',
    freeText: 'ကျွန်ုပ်တို့ကို ပြောလိုသည်များ ရှိပါသလား။',
    freeTextHint: 'အမည်၊ ဖုန်းနံပါတ် သို့မဟုတ် အီးမေးလ် မရေးပါနှင့်။',
    send: 'အဖြေများ ပို့ရန်',
    sending: 'ပို့နေသည်…',
    thanks: 'ကျေးဇူးတင်ပါသည်။ အဖြေများ ပို့ပြီးပါပြီ။',
    thanksQueued: 'ဤစက်တွင် သိမ်းထားပါသည်။ ချိတ်ဆက်မှုရှိသောအခါ ပို့ပါမည်။',
    failed: 'အဖြေများ မပို့နိုင်ပါ။ ချိတ်ဆက်မှုကို စစ်ဆေးပြီး ထပ်ကြိုးစားပါ။',
    retry: 'ထပ်ကြိုးစားရန်',
    required: 'တစ်ခု ရွေးပါ။',
    call: 'ဖုန်း',
    free: 'အခမဲ့',
    walkIn: 'တိုက်ရိုက်လာနိုင်သည်',
    referral: 'လွှဲပြောင်းစာ လိုသည်',
    for: 'အတွက်',
    ages: 'အသက်',
    women: 'အမျိုးသမီးနှင့် မိန်းကလေးများ',
    men: 'အမျိုးသားနှင့် ယောက်ျားလေးများ',
    version: 'ဗားရှင်း',
    nextParticipant: 'နောက်ပါဝင်သူ',
    asPublished: 'ဤလမ်းညွှန်ကို ဖြန့်ဝေမည့်ပုံစံအတိုင်း ဖွင့်ရန် (တဘ်အသစ်)',
  },
};

/** A fresh UUID for a response (crypto.randomUUID needs a secure context). */
export function newInstanceID() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * Runs a test's flow in root. view is the participant's view of the test
 * (GET /t/{token}/test). assign(group) resolves with the order of the
 * drafts; send(response) sends or queues the response and resolves with
 * 'sent' or 'queued'. facilitated changes the consent wording and tells
 * the facilitator that each task is timed (every task is). onRestart,
 * when given, offers to start again with the next participant. draftLink,
 * when given, is the address of a draft's own web directory, by label.
 */
export function runFlow({ root, view, assign, send, facilitated = false, onRestart, draftLink }) {
  const st = {
    lang: '', group: '', attrs: {}, order: [], task: 0, tasks: {}, started: 0, likert: {}, comp: {}, sections: {},
    preferred: '', unmet: [], problems: [], freeText: '', instanceId: newInstanceID(),
  };
  const t = (key) => (UI[st.lang] || UI.en)[key] || UI.en[key];
  // A text of the test in the chosen language, with the language it is in.
  const txt = (text) => {
    const m = text || {};
    for (const code of [st.lang, 'en', 'th', 'my']) {
      if (m[code]) return { s: m[code], lang: code };
    }
    return { s: '', lang: st.lang };
  };
  const span = (text, tag = 'span', props = {}) => {
    const x = txt(text);
    return h(tag, { ...props, lang: x.lang }, x.s);
  };
  const draftOf = (label) => view.drafts.find((d) => d.label === label) || view.drafts[0];

  // One screen: a heading that takes the focus (so screen readers announce
  // the new step), its content, and its buttons.
  function screen(title, content, actions, testid) {
    const heading = h('h1', { tabindex: '-1', class: 'p-title', 'data-testid': 'p-step-title' }, title);
    root.replaceChildren(h('section', { class: 'p-screen', 'data-testid': testid, lang: st.lang || 'en' },
      heading, ...content, h('div', { class: 'p-actions' }, ...actions)));
    heading.focus();
    window.scrollTo(0, 0);
  }
  const button = (label, onclick, testid, secondary = false) =>
    h('button', { type: 'button', class: secondary ? 'button button-secondary p-button' : 'button p-button', 'data-testid': testid, onclick }, label);

  // A fieldset of radio choices, large and labelled; value in get/set.
  function radios(name, legend, options, current, onpick, hint) {
    const error = h('p', { class: 'field-error', hidden: true, role: 'alert' }, t('required'));
    const fs = h('fieldset', { class: 'p-field', 'data-name': name },
      legend instanceof Node ? h('legend', {}, legend) : h('legend', {}, legend),
      hint ? h('p', { class: 'hint' }, hint) : null,
      error,
      h('div', { class: 'choices choices-stack p-choices' }, options.map((o) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name, value: o.value, checked: current === o.value, 'data-testid': `${name}-${o.value}`,
          onchange: () => { error.hidden = true; onpick(o.value); } }),
        o.label instanceof Node ? o.label : h('span', {}, o.label)))));
    fs.showError = () => { error.hidden = false; fs.querySelector('input').focus(); };
    return fs;
  }

  // ------------------------------------------------------------- steps

  function language() {
    screen('Language · ภาษา · ဘာသာစကား', [
      h('div', { class: 'p-langs' }, LANGS.map((l) => h('button', {
        type: 'button', class: 'button button-secondary p-lang', lang: l.code, 'data-testid': `lang-${l.code}`,
        onclick: () => { st.lang = l.code; document.documentElement.lang = l.code; consent(); },
      }, l.name))),
    ], [], 'p-language');
  }

  function consent() {
    const box = h('input', { type: 'checkbox', id: 'p-consent', 'data-testid': 'consent-yes' });
    const error = h('p', { class: 'field-error', hidden: true, role: 'alert' }, t('required'));
    screen(t('before'), [
      h('p', { class: 'lead' }, t('intro')),
      h('p', { class: 'p-anon' }, t('anonymous')),
      span(view.consent, 'p', { class: 'p-consent-text', 'data-testid': 'consent-text' }),
      error,
      h('label', { class: 'check p-check', for: 'p-consent' }, box, h('span', {}, t(facilitated ? 'agreeFacilitated' : 'agree'))),
    ], [
      button(t('continue'), () => { if (!box.checked) { error.hidden = false; box.focus(); return; } about(); }, 'consent-continue'),
      button(t('decline'), declined, 'consent-no', true),
    ], 'p-consent');
  }

  function declined() {
    screen(t('declined'), [], onRestart ? [button(t('nextParticipant'), onRestart, 'restart')] : [], 'p-declined');
  }

  function about() {
    const group = radios('group', t('group'), view.groups.map((g) => ({ value: g.code, label: span(g.label) })), st.group,
      (v) => { st.group = v; });
    const attrs = view.attributes.map((a) => radios(a.code, span(a.label),
      a.choices.map((c) => ({ value: c.code, label: span(c.label) })), st.attrs[a.code], (v) => { st.attrs[a.code] = v; }));
    const go = button(t('continue'), async () => {
      if (!st.group) { group.showError(); return; }
      go.disabled = true;
      try {
        st.order = await assign(st.group);
      } catch {
        st.order = view.drafts.map((d) => d.label);
      } finally {
        go.disabled = false;
      }
      st.task = 0;
      task();
    }, 'about-continue');
    screen(t('aboutYou'), [h('p', { class: 'hint' }, t('aboutHint')), group, ...attrs], [go], 'p-about');
  }

  // The directory of a draft: entries grouped by region, each with a tick
  // box when picking (pick is the set of chosen provider IDs).
  function directory(draft, pick) {
    const groups = new Map();
    for (const e of draft.entries || []) {
      const key = e.region || '';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(e);
    }
    const out = [];
    for (const [region, entries] of groups) {
      if (region) out.push(h('h3', { class: 'p-region' }, region));
      out.push(h('ul', { class: 'p-entries' }, entries.map((e) => entryCard(e, pick))));
    }
    return h('div', { class: 'p-directory', lang: draft.language || 'en', 'data-testid': `directory-${draft.label}` }, out);
  }

  function entryCard(e, pick) {
    const facts = [];
    for (const s of e.services || []) {
      const bits = [txt(s.name).s || s.type];
      if (s.cost === 'free') bits.push(t('free'));
      if (s.genders && s.genders.length === 1) bits.push(t(s.genders[0] === 'female' ? 'women' : 'men'));
      if (s.min_age != null || s.max_age != null) bits.push(`${t('ages')} ${s.min_age ?? 0}–${s.max_age ?? ''}`);
      if (s.walk_in) bits.push(t('walkIn'));
      if (s.referral_required) bits.push(t('referral'));
      facts.push(h('li', {}, bits.join(' · ')));
    }
    const name = span(e.name, 'h4', { class: 'p-entry-name' });
    const card = h('li', { class: 'p-entry' },
      name,
      e.description ? h('p', { class: 'p-entry-desc' }, e.description) : null,
      facts.length ? h('ul', { class: 'p-entry-services' }, facts) : null,
      e.address ? h('p', { class: 'p-entry-address' }, e.address) : null,
      (e.channels || []).length ? h('p', { class: 'p-entry-channels' }, e.channels.map((c) => `${c.kind}: ${c.value}`).join(' · ')) : null);
    if (pick) {
      const id = `pick-${e.provider_id}`;
      card.append(h('label', { class: 'check p-check p-pick', for: id },
        h('input', { type: 'checkbox', id, checked: pick.has(e.provider_id), 'data-testid': `choose-${e.provider_id}`,
          onchange: (ev) => { if (ev.target.checked) pick.add(e.provider_id); else pick.delete(e.provider_id); } }),
        h('span', {}, t('choose'))));
    }
    return card;
  }

  function task() {
    const n = st.task;
    const tk = view.tasks[n];
    const draft = draftOf(st.order[0]);
    const prev = st.tasks[tk.code] || { chosen: [], difficulty: 0 };
    const pick = new Set(prev.chosen);
    let difficulty = prev.difficulty;
    const diff = radios(`difficulty`, t('difficulty'), view.difficulty_labels.map((l, i) => ({ value: String(i + 1), label: span(l) })),
      difficulty ? String(difficulty) : '', (v) => { difficulty = Number(v); });
    st.started = Date.now();
    screen(`${t('task')} ${n + 1} ${t('of')} ${view.tasks.length}`, [
      span(tk.scenario, 'p', { class: 'p-scenario', 'data-testid': 'scenario' }),
      h('p', { class: 'hint' }, t('taskHow')),
      facilitated ? h('p', { class: 'hint', lang: 'en', 'data-testid': 'timing-note' },
        'Timed: from when this task appears until you press Next. Read the situation out, then let the participant look.') : null,
      h('h2', { class: 'p-subtitle' }, `${t('directory')}`),
      draftLink ? h('p', {}, h('a', { href: draftLink(draft.label), target: '_blank', rel: 'noopener', 'data-testid': 'draft-web' }, t('asPublished'))) : null,
      directory(draft, pick),
      diff,
    ], [
      button(t('next'), () => {
        // The time from showing the task to answering it, on the
        // participant's phone or, with a facilitator, on theirs.
        const seconds = Math.round((Date.now() - st.started) / 1000) + (prev.seconds ?? 0);
        st.tasks[tk.code] = { chosen: [...pick], seconds, difficulty };
        if (n + 1 < view.tasks.length) { st.task = n + 1; task(); } else rate();
      }, 'task-next'),
    ], `p-task-${tk.code}`);
  }

  function rate() {
    const likert = view.likert.map((item) => radios(`likert-${item.code}`, span(item.statement),
      view.likert_labels.map((l, i) => ({ value: String(i + 1), label: span(l) })), st.likert[item.code] ? String(st.likert[item.code]) : '',
      (v) => { st.likert[item.code] = Number(v); }));
    const comp = view.comprehension.map((q) => radios(`comp-${q.code}`, span(q.question),
      q.choices.map((c) => ({ value: c.code, label: span(c.label) })), st.comp[q.code] || '', (v) => { st.comp[q.code] = v; }));
    screen(t('rate'), [...likert, ...comp], [button(t('next'), sections, 'rate-next')], 'p-rate');
  }

  function sections() {
    if (!view.sections.length) { compare(); return; }
    const draft = draftOf(st.order[0]);
    const parts = view.sections.map((sq, i) => {
      const a = st.sections[sq.section_id] || (st.sections[sq.section_id] = { section_id: sq.section_id, understood: '', useful: '', comment: '' });
      const sec = (draft.sections || []).find((s) => s.id === sq.section_id);
      const texts = sec ? sec.texts || {} : {};
      const lang = texts[st.lang] ? st.lang : (draft.language && texts[draft.language] ? draft.language : Object.keys(texts)[0]);
      const body = lang ? texts[lang] : null;
      const yn = () => ['yes', 'partly', 'no'].map((v) => ({ value: v, label: { yes: '✓', partly: '~', no: '✗' }[v] + ' ' + sectionWord(v) }));
      const comment = h('textarea', { id: `sec-comment-${i}`, rows: '2', 'data-testid': `section-comment-${i}`,
        oninput: (ev) => { a.comment = ev.target.value; } });
      comment.value = a.comment;
      return h('div', { class: 'p-section' },
        h('h2', { class: 'p-subtitle', lang: lang || st.lang }, body ? body.title : txt(sq.title).s),
        body ? h('div', { class: 'p-section-body', lang }, body.body.split(/\n\n+/).map((p) => h('p', {}, p))) : null,
        radios(`understood-${i}`, t('understood'), yn(), a.understood, (v) => { a.understood = v; }),
        radios(`useful-${i}`, t('useful'), yn(), a.useful, (v) => { a.useful = v; }),
        h('div', { class: 'field' }, h('label', { for: `sec-comment-${i}` }, t('comment')), comment));
    });
    screen(t('sections'), parts, [button(t('next'), compare, 'sections-next')], 'p-sections');
  }

  function sectionWord(v) {
    const words = { en: { yes: 'Yes', partly: 'Partly', no: 'No' }, th: { yes: 'ใช่', partly: 'บางส่วน', no: 'ไม่' },
      my: { yes: 'ဟုတ်ကဲ့', partly: 'တစ်စိတ်တစ်ပိုင်း', no: 'မဟုတ်ပါ' } };
    return (words[st.lang] || words.en)[v];
  }

  function compare() {
    if (view.drafts.length < 2) { needs(); return; }
    const others = st.order.slice(1).map((label) => {
      const d = draftOf(label);
      return h('details', { class: 'p-other' }, h('summary', {}, `${t('version')} ${label}`), directory(d, null));
    });
    const pref = radios('preferred', t('preferred'), st.order.map((label) => ({ value: label, label: `${t('version')} ${label}` })),
      st.preferred, (v) => { st.preferred = v; });
    screen(t('compare'), [h('p', { class: 'hint' }, t('compareHint')), ...others, pref], [button(t('next'), needs, 'compare-next')], 'p-compare');
  }

  function needs() {
    const entries = [];
    const seen = new Set();
    for (const d of view.drafts) {
      for (const e of d.entries || []) {
        if (!seen.has(e.provider_id)) { seen.add(e.provider_id); entries.push(e); }
      }
    }
    const unmetList = h('div', { class: 'p-rows', 'data-testid': 'unmet-rows' });
    const problemList = h('div', { class: 'p-rows', 'data-testid': 'problem-rows' });
    const select = (id, label, options, value, onpick, testid) => {
      const sel = h('select', { id, 'data-testid': testid, onchange: (ev) => onpick(ev.target.value) },
        h('option', { value: '' }, '—'), options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
      return h('div', { class: 'field' }, h('label', { for: id }, label), sel);
    };
    const drawUnmet = () => unmetList.replaceChildren(...st.unmet.map((u, i) => h('div', { class: 'p-row' },
      select(`unmet-kind-${i}`, t('kind'), view.service_types.map((s) => ({ value: s.code, label: txt(s.name).s || s.code })), u.service_type,
        (v) => { u.service_type = v; }, `unmet-kind-${i}`),
      select(`unmet-area-${i}`, t('area'), view.areas.map((a) => ({ value: a.code, label: a.name })), u.region_code,
        (v) => { u.region_code = v; }, `unmet-area-${i}`),
      button(t('remove'), () => { st.unmet.splice(i, 1); drawUnmet(); }, `unmet-remove-${i}`, true))));
    const drawProblems = () => problemList.replaceChildren(...st.problems.map((p, i) => {
      const note = h('input', { type: 'text', id: `problem-note-${i}`, 'data-testid': `problem-note-${i}`, oninput: (ev) => { p.note = ev.target.value; } });
      note.value = p.note || '';
      return h('div', { class: 'p-row' },
        select(`problem-entry-${i}`, t('entry'), entries.map((e) => ({ value: e.provider_id, label: txt(e.name).s })), p.provider_id,
          (v) => { p.provider_id = v; }, `problem-entry-${i}`),
        select(`problem-kind-${i}`, t('whatWrong'), view.problem_kinds.map((k) => ({ value: k.code, label: txt(k.label).s })), p.kind,
          (v) => { p.kind = v; }, `problem-kind-${i}`),
        h('div', { class: 'field' }, h('label', { for: `problem-note-${i}` }, t('note')), note),
        button(t('remove'), () => { st.problems.splice(i, 1); drawProblems(); }, `problem-remove-${i}`, true));
    }));
    drawUnmet();
    drawProblems();
    screen(t('needs'), [
      h('h2', { class: 'p-subtitle' }, t('unmet')), h('p', { class: 'hint' }, t('unmetHint')), unmetList,
      button(t('addNeed'), () => { st.unmet.push({ service_type: '', region_code: '' }); drawUnmet(); }, 'unmet-add', true),
      h('h2', { class: 'p-subtitle' }, t('problems')), h('p', { class: 'hint' }, t('problemsHint')), problemList,
      button(t('addProblem'), () => { st.problems.push({ provider_id: '', kind: '', note: '' }); drawProblems(); }, 'problem-add', true),
    ], [button(t('next'), final, 'needs-next')], 'p-needs');
  }

  function final() {
    const area = h('textarea', { id: 'p-free', rows: '5', 'aria-describedby': 'p-free-hint', 'data-testid': 'free-text',
      oninput: (ev) => { st.freeText = ev.target.value; } });
    area.value = st.freeText;
    const status = h('p', { class: 'status status-error', role: 'alert', hidden: true, 'data-testid': 'send-error' });
    const go = button(t('send'), async () => {
      go.disabled = true;
      go.textContent = t('sending');
      status.hidden = true;
      try {
        const how = await send(response());
        thanks(how);
      } catch (err) {
        status.textContent = (err && err.userMessage) || t('failed');
        status.hidden = false;
        go.disabled = false;
        go.textContent = t('retry');
      }
    }, 'send');
    screen(t('last'), [
      h('div', { class: 'field' }, h('label', { for: 'p-free' }, t('freeText')), h('p', { class: 'hint', id: 'p-free-hint' }, t('freeTextHint')), area),
      status,
    ], [go], 'p-final');
  }

  function thanks(how) {
    screen(t(how === 'queued' ? 'thanksQueued' : 'thanks'), [],
      onRestart ? [button(t('nextParticipant'), onRestart, 'restart')] : [], 'p-thanks');
  }

  // The response, as feedback.ResponseInput.
  function response() {
    return {
      instance_id: st.instanceId,
      language: st.lang,
      consent: true,
      group: st.group,
      age_band: st.attrs.age_band || '',
      gender: st.attrs.gender || '',
      nationality_group: st.attrs.nationality_group || '',
      draft_order: st.order,
      preferred_draft: st.preferred,
      // A task never reached has no time (null), not a time of 0.
      tasks: view.tasks.map((tk) => {
        const a = st.tasks[tk.code] || { chosen: [], seconds: null, difficulty: 0 };
        return { task: tk.code, chosen: a.chosen, seconds: a.seconds, difficulty: a.difficulty || 0 };
      }),
      likert: st.likert,
      comprehension: st.comp,
      sections: Object.values(st.sections).filter((s) => s.understood || s.useful || s.comment),
      free_text: st.freeText,
      unmet_needs: st.unmet.filter((u) => u.service_type && u.region_code),
      problems: st.problems.filter((p) => p.provider_id && p.kind),
    };
  }

  language();
}
