// Package feedback runs victim-feedback tests of frozen directory drafts:
// the test definition (drafts compared, groups, tasks with their correct
// providers, Likert items, comprehension and per-section questions,
// consent), the participant flow (self-complete links and facilitators),
// counterbalancing, and the feedback loop (problems reported against
// entries become provider issues; unmet needs are counted by service type
// and region for the gap report).
//
// A test is a survey of kind feedback: opening it generates and publishes
// the survey's definition (definition.go, in English, Thai and Burmese),
// and responses are survey submissions, checked and stored once per
// instance ID by the survey engine. Test.Response decodes one; Responses
// reads them all, for the analytics. The survey API refuses submissions to
// a test's survey (OwnsSurvey): only this package checks consent, masks
// free text and works out task success.
//
// Design decisions:
//
//   - Counterbalancing. Each participant solves the tasks and rates ONE
//     draft, so draft A and draft B are compared between independent
//     groups of participants (a difference of two proportions). The drafts
//     are shown in the order of a row of a balanced Latin square (Williams
//     design), rows taken in turn within each group by a counter in the
//     database: the first draft of the row is the one the participant
//     works with, the others are shown afterwards for the preference
//     question. Response.DraftOrder records the row. A facilitator who is
//     offline takes rotations in turn on the device instead.
//   - Task success. A task is solved when at least one entry is chosen and
//     every entry chosen is one of the task's correct providers; an
//     unanswered task is not solved.
//   - Task times. The participant page and the facilitator page both
//     time each task, from showing it to the answer (a facilitator sits
//     with the participant, so their page times it as well). A time is
//     optional (TaskInput.Seconds is null when an answer was typed in
//     afterwards): an untimed answer is stored without one, left out of
//     the median, and results say how many answers were timed. A measured
//     0 is a time.
//   - Anonymity. A response stores no name, phone, e-mail, IP address or
//     precise location: the group and optional coarse attributes only, and
//     unmet needs by region at level 1 or 2. Free text (comments, notes on
//     problems) is masked before it is stored: e-mail addresses, phone
//     numbers (in any script's digits), and the words after naming cues
//     ("my name is", Khun, Daw, ชื่อ, နာမည်…); a name written without a cue
//     cannot be recognised, so participants are asked not to write names.
//     Self-complete links are rate-limited in memory (Limiter), keyed on a
//     salted hash of the client address that is never stored or logged;
//     the request log shows the route template (/t/:token), never the
//     token, a query string, an address or a user agent. Links are kept
//     only as a hash of their token.
//   - Facilitators. A facilitated response does not record the facilitator
//     either (the survey engine clears the collector fields of feedback
//     submissions, and neither the submission's nor this package's audit
//     events carry an actor or a request ID). Knowing who entered a
//     response tells where and when it was taken, and in a small group —
//     four service providers in one town — that is enough to tell who
//     answered. The response records only that it was facilitated
//     (Response.Mode). Who opened, closed and issued links is audited.
package feedback
