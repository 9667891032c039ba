package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

const apiBase = "/api/v1"

// routes registers every route with its access rule. This is the one place
// to read who may call what.
func (s *Server) routes() {
	e := s.engine
	s.handle(e, "", http.MethodGet, "/healthz", public, s.healthz)
	s.handle(e, "", http.MethodGet, "/readyz", public, s.readyz)
	s.handle(e, "", http.MethodGet, "/metrics", public, s.serveMetrics)

	api := e.Group(apiBase)
	s.handle(api, apiBase, http.MethodGet, "/openapi.json", public, s.openAPI)
	s.handle(api, apiBase, http.MethodPost, "/session", public, s.login)
	s.handle(api, apiBase, http.MethodDelete, "/session", public, s.logout) // idempotent: ending no session is fine
	s.handle(api, apiBase, http.MethodGet, "/setup", public, s.setupStatus)
	s.handle(api, apiBase, http.MethodPost, "/setup", public, s.completeSetup)

	s.handle(api, apiBase, http.MethodGet, "/me", signedIn, s.me)
	s.handle(api, apiBase, http.MethodPut, "/me/password", signedIn, s.changePassword)
	s.handle(api, apiBase, http.MethodGet, "/me/tokens", signedIn, s.listTokens)
	s.handle(api, apiBase, http.MethodPost, "/me/tokens", signedIn, s.createToken)
	s.handle(api, apiBase, http.MethodDelete, "/me/tokens/:id", signedIn, s.revokeToken)

	s.handle(api, apiBase, http.MethodGet, "/users", adminOnly, s.listUsers)
	s.handle(api, apiBase, http.MethodPost, "/users", adminOnly, s.createUser)
	s.handle(api, apiBase, http.MethodGet, "/users/:id", adminOnly, s.getUser)
	s.handle(api, apiBase, http.MethodPatch, "/users/:id", adminOnly, s.updateUser)

	s.handle(api, apiBase, http.MethodGet, "/audit", adminOnly, s.listAudit)

	s.handle(api, apiBase, http.MethodGet, "/taxonomy", signedIn, s.listTaxonomy)
	s.handle(api, apiBase, http.MethodPost, "/taxonomy", adminOnly, s.createTerm)

	s.handle(api, apiBase, http.MethodGet, "/regions", signedIn, s.listRegions)
	s.handle(api, apiBase, http.MethodGet, "/regions/:code", signedIn, s.getRegion)
	s.handle(api, apiBase, http.MethodGet, "/region-sets", signedIn, s.listRegionSets)
	s.handle(api, apiBase, http.MethodPost, "/region-sets/imports", adminOnly, s.importRegions)
	s.handle(api, apiBase, http.MethodPost, "/region-sets/population", adminOnly, s.importPopulation)

	s.handle(api, apiBase, http.MethodGet, "/providers", signedIn, s.searchProvidersGet)
	s.handle(api, apiBase, http.MethodPost, "/providers/search", signedIn, s.searchProvidersPost)
	s.handle(api, apiBase, http.MethodPost, "/providers", editors, s.createProvider)
	s.handle(api, apiBase, http.MethodGet, "/providers/template", signedIn, s.providerTemplate)
	s.handle(api, apiBase, http.MethodPost, "/providers/imports", editors, s.importProviders)
	s.handle(api, apiBase, http.MethodGet, "/providers/:id", signedIn, s.getProvider)
	s.handle(api, apiBase, http.MethodPatch, "/providers/:id", editors, s.patchProvider)
	s.handle(api, apiBase, http.MethodDelete, "/providers/:id", editors, s.deleteProvider)
	s.handle(api, apiBase, http.MethodGet, "/providers/:id/history", signedIn, s.providerHistory)

	// Directory drafts: editors write (the domain limits them to their
	// countries); any signed-in user reads. Frozen versions hold only what
	// the tiers let anyone see.
	s.handle(api, apiBase, http.MethodGet, "/content-sections", signedIn, s.listSections)
	s.handle(api, apiBase, http.MethodPost, "/content-sections", editors, s.createSection)
	s.handle(api, apiBase, http.MethodGet, "/content-sections/:id", signedIn, s.getSection)
	s.handle(api, apiBase, http.MethodPut, "/content-sections/:id", editors, s.updateSection)
	s.handle(api, apiBase, http.MethodGet, "/content-sections/:id/history", signedIn, s.sectionHistory)
	s.handle(api, apiBase, http.MethodGet, "/drafts", signedIn, s.listDrafts)
	s.handle(api, apiBase, http.MethodPost, "/drafts", editors, s.createDraft)
	s.handle(api, apiBase, http.MethodPost, "/drafts/preview", signedIn, s.previewDraft)
	s.handle(api, apiBase, http.MethodGet, "/drafts/:id", signedIn, s.getDraft)
	s.handle(api, apiBase, http.MethodPut, "/drafts/:id", editors, s.updateDraft)
	s.handle(api, apiBase, http.MethodGet, "/drafts/:id/versions", signedIn, s.listDraftVersions)
	s.handle(api, apiBase, http.MethodPost, "/drafts/:id/versions", editors, s.freezeDraft)
	s.handle(api, apiBase, http.MethodGet, "/drafts/:id/versions/:number", signedIn, s.getDraftVersion)
	s.handle(api, apiBase, http.MethodPost, "/drafts/:id/versions/:number/new-version", editors, s.newDraftVersion)

	// Open Referral HSDS 3.0 (Haven profile): read-only, redacted for the caller.
	hs := e.Group("/hsds")
	s.handle(hs, "/hsds", http.MethodGet, "/", signedIn, s.hsdsRoot)
	s.handle(hs, "/hsds", http.MethodGet, "/services", signedIn, s.hsdsServices)
	s.handle(hs, "/hsds", http.MethodGet, "/services/:id", signedIn, s.hsdsServiceByID)
	s.handle(hs, "/hsds", http.MethodGet, "/organizations", signedIn, s.hsdsOrganizations)
	s.handle(hs, "/hsds", http.MethodGet, "/organizations/:id", signedIn, s.hsdsOrganizationByID)
	s.handle(hs, "/hsds", http.MethodGet, "/service_at_locations", signedIn, s.hsdsServiceAtLocations)
	s.handle(hs, "/hsds", http.MethodGet, "/service_at_locations/:id", signedIn, s.hsdsServiceAtLocationByID)
	s.handle(hs, "/hsds", http.MethodGet, "/taxonomies", signedIn, s.hsdsTaxonomies)
	s.handle(hs, "/hsds", http.MethodGet, "/taxonomies/:id", signedIn, s.hsdsTaxonomyByID)
	s.handle(hs, "/hsds", http.MethodGet, "/taxonomy_terms", signedIn, s.hsdsTaxonomyTerms)
	s.handle(hs, "/hsds", http.MethodGet, "/taxonomy_terms/:id", signedIn, s.hsdsTaxonomyTermByID)
	s.handle(api, apiBase, http.MethodPost, "/hsds/imports", adminOnly, s.importHSDS)

	s.handle(api, apiBase, http.MethodGet, "/surveys", signedIn, s.listSurveys)
	s.handle(api, apiBase, http.MethodPost, "/surveys", editors, s.publishSurvey)
	s.handle(api, apiBase, http.MethodGet, "/surveys/:id", signedIn, s.getSurvey)
	s.handle(api, apiBase, http.MethodGet, "/surveys/:id/versions", signedIn, s.listSurveyVersions)
	s.handle(api, apiBase, http.MethodGet, "/surveys/:id/xform", signedIn, s.getSurveyXForm)
	s.handle(api, apiBase, http.MethodGet, "/surveys/:id/xlsform", signedIn, s.getSurveyXLSForm)
	s.handle(api, apiBase, http.MethodPost, "/surveys/:id/submissions", submitters, s.submit)

	// Analytics: researchers, editors and admins; exports hold raw answers
	// and need the raw_data grant too (checked by the domain, and audited).
	s.handle(api, apiBase, http.MethodGet, "/surveys/:id/analytics", analysts, s.surveyAnalytics)
	s.handle(api, apiBase, http.MethodGet, "/surveys/:id/crosstab", analysts, s.surveyCrossTab)
	s.handle(api, apiBase, http.MethodGet, "/surveys/:id/points", analysts, s.surveyPoints)
	s.handle(api, apiBase, http.MethodGet, "/surveys/:id/export", analysts, s.surveyExport)

	// Coverage reports: analysts, as for survey analytics (see reports.Service);
	// results count hidden providers, never show where they are.
	s.handle(api, apiBase, http.MethodPost, "/reports/runs", analysts, s.createReportRun)
	s.handle(api, apiBase, http.MethodGet, "/reports/runs", analysts, s.listReportRuns)
	s.handle(api, apiBase, http.MethodGet, "/reports/runs/:id", analysts, s.getReportRun)
	s.handle(api, apiBase, http.MethodGet, "/reports/compare", analysts, s.compareReportRuns)
	s.handle(api, apiBase, http.MethodGet, "/reports/basemap", analysts, s.getReportBaseMap)

	// Feedback tests: editors build and run them, facilitators (collectors,
	// editors) enter responses, researchers read them; the domain scopes
	// everyone by country and hides the correct answers from facilitators.
	s.handle(api, apiBase, http.MethodGet, "/feedback-tests", feedbackReaders, s.listFeedbackTests)
	s.handle(api, apiBase, http.MethodPost, "/feedback-tests", editors, s.createFeedbackTest)
	s.handle(api, apiBase, http.MethodGet, "/feedback-tests/:id", feedbackReaders, s.getFeedbackTest)
	s.handle(api, apiBase, http.MethodPut, "/feedback-tests/:id", editors, s.updateFeedbackTest)
	s.handle(api, apiBase, http.MethodDelete, "/feedback-tests/:id", editors, s.deleteFeedbackTest)
	s.handle(api, apiBase, http.MethodPost, "/feedback-tests/:id/open", editors, s.openFeedbackTest)
	s.handle(api, apiBase, http.MethodPost, "/feedback-tests/:id/close", editors, s.closeFeedbackTest)
	s.handle(api, apiBase, http.MethodGet, "/feedback-tests/:id/links", editors, s.listFeedbackLinks)
	s.handle(api, apiBase, http.MethodPost, "/feedback-tests/:id/links", editors, s.issueFeedbackLink)
	s.handle(api, apiBase, http.MethodDelete, "/feedback-tests/:id/links/:link", editors, s.revokeFeedbackLink)
	s.handle(api, apiBase, http.MethodGet, "/feedback-tests/:id/participant", submitters, s.facilitatorView)
	s.handle(api, apiBase, http.MethodPost, "/feedback-tests/:id/assignments", submitters, s.facilitatorAssignment)
	s.handle(api, apiBase, http.MethodPost, "/feedback-tests/:id/responses", submitters, s.facilitatorResponse)
	s.handle(api, apiBase, http.MethodGet, "/feedback-drafts", editors, s.listFrozenDrafts)
	// Results: analysts; small cells suppressed for the reader (k = 5, or
	// nothing for the raw_data grant), exports always at k = 11.
	s.handle(api, apiBase, http.MethodGet, "/feedback-tests/:id/results", analysts, s.feedbackResults)
	s.handle(api, apiBase, http.MethodGet, "/feedback-tests/:id/results.csv", analysts, s.feedbackResultsCSV)
	s.handle(api, apiBase, http.MethodGet, "/feedback-tests/:id/results.xlsx", analysts, s.feedbackResultsXLSX)
	// Problems participants reported against entries: each provider's review
	// queue, for editors of its country.
	s.handle(api, apiBase, http.MethodGet, "/provider-issues", editors, s.listProviderIssues)
	s.handle(api, apiBase, http.MethodPost, "/provider-issues/:id/resolve", editors, s.resolveProviderIssue)

	// Review: collectors read their own submissions; the domain scopes them.
	s.handle(api, apiBase, http.MethodGet, "/submissions", submitters, s.listSubmissions)
	s.handle(api, apiBase, http.MethodGet, "/submissions/:id", submitters, s.getSubmission)
	s.handle(api, apiBase, http.MethodGet, "/submissions/:id/diff", editors, s.submissionDiff)
	s.handle(api, apiBase, http.MethodPost, "/submissions/:id/accept", editors, s.acceptSubmission)
	s.handle(api, apiBase, http.MethodPost, "/submissions/:id/reject", editors, s.rejectSubmission)

	// OpenRosa, for ODK Collect and Enketo: HTTP Basic, XML answers.
	or := e.Group(openRosaBase)
	s.handle(or, openRosaBase, http.MethodGet, "/formList", submitters, s.openRosaFormList)
	s.handle(or, openRosaBase, http.MethodHead, "/formList", submitters, s.openRosaFormList)
	s.handle(or, openRosaBase, http.MethodGet, "/forms/*form", submitters, s.openRosaXForm)
	s.handle(or, openRosaBase, http.MethodHead, "/submission", submitters, s.openRosaSubmissionHead)
	s.handle(or, openRosaBase, http.MethodPost, "/submission", submitters, s.openRosaSubmit)

	// Participants of feedback tests, on a self-complete link: public, no
	// account, rate-limited without keeping addresses (limitParticipants).
	tg := e.Group("/t")
	s.handle(tg, "/t", http.MethodGet, "/:token", public, s.participantPage)
	s.handle(tg, "/t", http.MethodGet, "/:token/test", public, s.participantTest)
	s.handle(tg, "/t", http.MethodPost, "/:token/assignment", public, s.participantAssignment)
	s.handle(tg, "/t", http.MethodPost, "/:token/responses", public, s.participantResponse)
	s.handle(tg, "/t", http.MethodGet, "/:token/drafts/:label/:output", public, s.participantDraft)
	// The facilitator page's service worker, so that the page reloads offline.
	s.handle(e, "", http.MethodGet, "/feedback/sw.js", public, s.serveFeedbackServiceWorker)

	// The outputs of frozen drafts, rendered on the server: for signed-in
	// users under /drafts/…; for anyone under /d/… when the version was
	// frozen for public distribution (a testing version answers not found).
	// The service workers are scripts without data.
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		s.handle(e, "", method, "/drafts/:id/v/:number/:output", signedInPage, s.draftOutputPage)
		s.handle(e, "", method, "/drafts/:id/v/:number/sw.js", public, s.draftServiceWorker)
		s.handle(e, "", method, "/d/:id/:number", public, s.publicDraftHome)
		s.handle(e, "", method, "/d/:id/:number/:output", public, s.publicDraftPage)
		s.handle(e, "", method, "/d/:id/:number/sw.js", public, s.publicDraftServiceWorker)
	}

	s.pages()

	e.NoRoute(func(c *gin.Context) {
		if isOpenRosa(c.Request.URL.Path) {
			writeProblem(c, http.StatusNotFound, "there is no OpenRosa endpoint at this path; give ODK Collect the server URL ending in "+openRosaBase, nil)
			return
		}
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			writeProblem(c, http.StatusNotFound, "there is no API endpoint at this path; see "+apiBase+"/openapi.json", nil)
			return
		}
		if strings.HasPrefix(c.Request.URL.Path, "/hsds/") {
			writeProblem(c, http.StatusNotFound, "there is no HSDS endpoint at this path; see /hsds/ and docs/hsds-profile.md", nil)
			return
		}
		s.notFoundPage(c)
	})
	e.NoMethod(func(c *gin.Context) {
		writeProblem(c, statusMethodNotAllowed, "this path does not take "+c.Request.Method, nil)
	})
}
